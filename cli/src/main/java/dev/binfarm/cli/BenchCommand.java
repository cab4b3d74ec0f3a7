package dev.binfarm.cli;

import picocli.CommandLine.Command;

/** Placeholder until its issue fills it. */
@Command(name = "bench", description = "(not built yet)", mixinStandardHelpOptions = true)
final class BenchCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("farm bench is not built yet");
    }
}
