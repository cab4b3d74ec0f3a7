package dev.binfarm.catalog;

import dev.binfarm.catalog.spec.Spec;
import dev.binfarm.emulator.elf.ElfKind;
import java.util.List;

/**
 * One runnable app found in a catalog at a revision.
 *
 * @param name        unique in its catalog: the app's folder ({@code sqlite3}, {@code lang/c/helloworld})
 * @param kind        STATIC_PIE, DYNAMIC or STATIC
 * @param elf         absolute path of the program inside the app's filesystem ({@code /usr/bin/sqlite3}, {@code /bc})
 * @param interpreter PT_INTERP path for dynamic apps, else null
 * @param root        the app's folder in the catalog ("" for the repository's top)
 * @param filesystem  the catalog folder that becomes "/" for the app ({@code sqlite3/rootfs} or the root itself)
 * @param elfPath     the program's path in the catalog ({@code sqlite3/sqlite3}, {@code sqlite3/usr/bin/sqlite3})
 * @param sha256      hex SHA-256 of the program
 * @param spec        how to run and judge it
 * @param notes       what a user should know (non-PIE, several programs in one root, ...)
 */
public record App(
        String name,
        ElfKind kind,
        String elf,
        String interpreter,
        String root,
        String filesystem,
        String elfPath,
        String sha256,
        long size,
        Spec spec,
        List<String> notes) {

    public static final String NON_PIE_NOTE = "non-PIE, Unikraft cannot load it";

    public App {
        notes = List.copyOf(notes);
    }

    /** True when the program sits beside the filesystem (static-pie convention) and is placed at {@link #elf} on materialisation. */
    public boolean elfOutsideFilesystem() {
        return !elfPath.equals(filesystem.isEmpty() ? elf.substring(1) : filesystem + elf);
    }
}
