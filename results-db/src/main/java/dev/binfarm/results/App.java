package dev.binfarm.results;

import java.util.List;

/** A stored app of one catalog revision (see {@link AppEntry} for the fields). */
public record App(long id, long revision, String name, String root, String filesystem, String kind, String elf,
                  String elfPath, String interpreter, String sha256, Long size, String specSource, List<String> notes) {
    public App {
        notes = List.copyOf(notes);
    }

    public AppEntry entry() {
        return new AppEntry(name, root, filesystem, kind, elf, elfPath, interpreter, sha256, size, specSource, notes);
    }
}
