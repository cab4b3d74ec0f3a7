package dev.binfarm.cli;

import picocli.CommandLine.Command;

/** Placeholder until its issue fills it. */
@Command(name = "catalog", description = "(not built yet)", mixinStandardHelpOptions = true, subcommands = CatalogImportCommand.class)
final class CatalogCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("farm catalog is not built yet");
    }
}
