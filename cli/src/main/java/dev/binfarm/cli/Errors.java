package dev.binfarm.cli;

import picocli.CommandLine;

/**
 * Turns exceptions escaping a command into an exit status: user errors become
 * one line and status 2; anything else is a bug in binfarm and says so.
 */
final class Errors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        if (ex instanceof UserError u) {
            cl.getErr().println("farm: " + u.getMessage());
            return u.exitCode();
        }
        cl.getErr().println("farm: internal error (a bug in binfarm): " + ex);
        ex.printStackTrace(cl.getErr());
        return 3;
    }
}
