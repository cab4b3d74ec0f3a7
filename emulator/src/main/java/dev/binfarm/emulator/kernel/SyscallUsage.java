package dev.binfarm.emulator.kernel;

import java.util.SortedMap;

/**
 * How often a guest made one syscall and how it failed: the coverage row the
 * worker stores (number, name, calls, errno histogram keyed by errno name).
 * {@code denied} counts the calls the run's syscall profile refused with
 * ENOSYS although the shim implements them.
 */
public record SyscallUsage(int nr, String name, long calls, SortedMap<String, Long> errors, long denied) { }
