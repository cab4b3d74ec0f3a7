package dev.binfarm.emulator;

/** How a guest run ended. */
public sealed interface GuestExit {
    /** exit/exit_group with this status (0..255). */
    record Exited(int code) implements GuestExit { }

    /** Ended by a signal (SIGSEGV on a bad access, SIGILL on an unimplemented instruction...). */
    record Signaled(int signal, String reason) implements GuestExit { }

    /** Still running when the timeout expired; the emulator stopped it. */
    record TimedOut(long millis) implements GuestExit { }

    /** The guest could not be started: invalid ELF, missing program, bad arguments. */
    record LoadFailed(String message) implements GuestExit { }

    /** The shell-style status farm emu exits with: code, 128+signal, 124 on timeout, 2 when it could not load. */
    default int status() {
        return switch (this) {
            case Exited e -> e.code();
            case Signaled s -> 128 + s.signal();
            case TimedOut t -> 124;
            case LoadFailed l -> 2;
        };
    }
}
