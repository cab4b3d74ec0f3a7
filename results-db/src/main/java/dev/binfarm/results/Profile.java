package dev.binfarm.results;

import java.util.List;

/**
 * A syscall profile: the syscalls a runtime allows (sorted names), or null for "everything",
 * and where the set came from (a Unikraft tree, a Loupe OS file, a user file).
 */
public record Profile(long id, String name, String source, List<String> syscalls) {
    public boolean unrestricted() { return syscalls == null; }
}
