package dev.binfarm.cli;

import picocli.CommandLine.Command;

/** Placeholder until its issue fills it. */
@Command(name = "emu", description = "(not built yet)", mixinStandardHelpOptions = true)
final class EmuCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("farm emu is not built yet");
    }
}
