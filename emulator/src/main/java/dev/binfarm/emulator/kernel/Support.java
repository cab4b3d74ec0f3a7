package dev.binfarm.emulator.kernel;

/** How completely the shim implements a syscall (gVisor's support levels). */
public enum Support {
    /** Behaves as Linux does for a single-threaded process confined to its rootfs. */
    SUPPORTED,
    /** Works for the common cases; the entry's note says what is missing. */
    PARTIAL,
    /** Answers -ENOSYS on purpose; the note gives the reason (libcs fall back, or not built yet). */
    ENOSYS
}
