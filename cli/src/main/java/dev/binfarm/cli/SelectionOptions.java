package dev.binfarm.cli;

import dev.binfarm.orchestrator.Selection;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Which cells a matrix command runs: the options {@code farm run} and {@code farm ci} share. */
final class SelectionOptions {
    @Option(names = "--catalog", paramLabel = "NAME", description = "Catalog to run (repeatable; default: all registered).")
    List<String> catalogs = new ArrayList<>();

    @Option(names = "--runtime", paramLabel = "R", description = "Runtime (repeatable; default: emulator).")
    List<String> runtimes = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "P", description = "Syscall profile (repeatable; default: linux).")
    List<String> profiles = new ArrayList<>();

    @Option(names = "--apps", paramLabel = "GLOB", description = "Only apps whose name matches, e.g. 'sqlite*'.")
    String apps;

    Selection selection() {
        return new Selection(catalogs, runtimes, profiles, apps);
    }
}
