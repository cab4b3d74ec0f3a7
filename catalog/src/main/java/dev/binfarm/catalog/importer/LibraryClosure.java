package dev.binfarm.catalog.importer;

import java.util.List;

/**
 * What a dynamic program loads, resolved as the host loader would: its interpreter
 * (PT_INTERP) and every DT_NEEDED library, transitively, in load order (breadth first,
 * like {@code ldd}). Each library is named by the DT_NEEDED string and found at a path.
 */
public record LibraryClosure(String interpreter, List<Library> libraries) {
    /** A DT_NEEDED name and the host path the loader would open for it. */
    public record Library(String name, String path) {}

    public static final LibraryClosure STATIC = new LibraryClosure(null, List.of());
}
