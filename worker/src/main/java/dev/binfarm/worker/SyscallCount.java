package dev.binfarm.worker;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How often a run made one syscall, its failures by errno name (ENOENT -> 3), and how many
 * of the calls the run's syscall profile refused (ENOSYS although the runtime implements it).
 */
public record SyscallCount(int nr, String name, long calls, SortedMap<String, Long> errnos, long denied) {
    public SyscallCount {
        errnos = Collections.unmodifiableSortedMap(new TreeMap<>(errnos == null ? java.util.Map.of() : errnos));
    }

    public SyscallCount(int nr, String name, long calls, SortedMap<String, Long> errnos) {
        this(nr, name, calls, errnos, 0);
    }

    public boolean deniedByProfile() { return denied > 0; }
}
