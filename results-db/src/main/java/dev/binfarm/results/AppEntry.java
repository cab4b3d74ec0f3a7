package dev.binfarm.results;

import java.util.List;
import java.util.Objects;

/**
 * An app as discovery finds it, before it is stored.
 *
 * @param name        unique in its catalog revision: the app's folder ({@code sqlite3}, {@code lang/c/helloworld})
 * @param root        the app's folder in the catalog ("" for the repository's top)
 * @param filesystem  the catalog folder that becomes "/" for the app ({@code sqlite3/rootfs} or the root itself)
 * @param kind        static-pie, dynamic or static (ElfKind labels)
 * @param elf         absolute path of the program inside the app's filesystem ({@code /usr/bin/sqlite3})
 * @param elfPath     the program's path in the catalog ({@code sqlite3/sqlite3})
 * @param interpreter PT_INTERP path for dynamic apps, else null
 * @param sha256      hex SHA-256 of the program, or null
 * @param size        size of the program in bytes, or null
 * @param specSource  where the app's spec came from (a file in the repo, "builtin", "default"), or null
 * @param notes       remarks for users; never null
 */
public record AppEntry(String name, String root, String filesystem, String kind, String elf, String elfPath,
                       String interpreter, String sha256, Long size, String specSource, List<String> notes) {
    public AppEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(filesystem, "filesystem");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(elf, "elf");
        Objects.requireNonNull(elfPath, "elfPath");
        notes = notes == null ? List.of() : List.copyOf(notes);
        for (String n : notes) if (n.contains("\n")) throw new IllegalArgumentException("a note is one line: " + n);
    }
}
