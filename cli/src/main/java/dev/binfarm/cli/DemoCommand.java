package dev.binfarm.cli;

import picocli.CommandLine.Command;

/** Placeholder until its issue fills it. */
@Command(name = "demo", description = "(not built yet)", mixinStandardHelpOptions = true)
final class DemoCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("farm demo is not built yet");
    }
}
