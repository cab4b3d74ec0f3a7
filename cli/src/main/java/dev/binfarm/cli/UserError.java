package dev.binfarm.cli;

/**
 * A failure the user can fix (bad input, unreachable URL, invalid ELF): printed
 * as one line, never with a stack trace.
 */
public final class UserError extends RuntimeException {
    private final int exitCode;

    public UserError(String message) { this(message, 2); }

    public UserError(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() { return exitCode; }
}
