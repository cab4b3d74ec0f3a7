package dev.binfarm.results;

import java.util.Objects;

/**
 * An app as discovery finds it, before it is stored: {@code kind} is static-pie, dynamic or
 * static; {@code elf} is the program's absolute path inside the app's filesystem;
 * {@code root} the app's folder in the catalog; {@code interpreter} null unless dynamic.
 */
public record AppEntry(String name, String root, String kind, String elf, String interpreter, String sha256,
                       String specSource) {
    public AppEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(elf, "elf");
    }
}
