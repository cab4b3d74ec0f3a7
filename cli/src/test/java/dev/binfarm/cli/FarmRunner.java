package dev.binfarm.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code farm --home HOME ...} in-process and captures what a user would see. */
final class FarmRunner {
    record Ran(int exit, String out, String err) {
        @Override
        public String toString() { return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err; }
    }

    private final Path home;

    FarmRunner(Path home) { this.home = home; }

    Ran farm(String... args) {
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args));
        CommandLine cl = Farm.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(all.toArray(String[]::new));
        return new Ran(exit, out.toString(), err.toString());
    }
}
