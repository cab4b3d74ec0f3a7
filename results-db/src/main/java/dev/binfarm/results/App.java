package dev.binfarm.results;

/** A stored app of one catalog revision (see {@link AppEntry} for the fields). */
public record App(long id, long revision, String name, String root, String kind, String elf, String interpreter,
                  String sha256, String specSource) {
    public AppEntry entry() {
        return new AppEntry(name, root, kind, elf, interpreter, sha256, specSource);
    }
}
