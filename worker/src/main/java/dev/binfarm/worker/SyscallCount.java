package dev.binfarm.worker;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** How often a run made one syscall, and its failures by errno name (ENOENT -> 3). */
public record SyscallCount(int nr, String name, long calls, SortedMap<String, Long> errnos) {
    public SyscallCount {
        errnos = Collections.unmodifiableSortedMap(new TreeMap<>(errnos == null ? java.util.Map.of() : errnos));
    }
}
