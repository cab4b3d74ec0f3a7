package dev.binfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Smoke test of {@code farm bench}: a tiny size, asserting only that every runtime printed the same. */
class BenchCommandTest {
    @Test
    void tinyBenchOutputsMatchAcrossRuntimes(@TempDir Path home) {
        Assumptions.assumeTrue(BenchCommand.onPath("gcc"), "gcc is not installed");
        CommandLine cl = Farm.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int status = cl.execute("--home", home.toString(), "bench", "--size", "0", "--repeat", "1");
        if (err.toString().contains("cannot run guests yet")) Assumptions.abort("waiting for: the emulator (h/kernel): " + err);
        assertEquals(0, status, () -> "stdout:\n" + out + "\nstderr:\n" + err);
        assertTrue(out.toString().contains("outputs match"), out::toString);
        assertTrue(out.toString().contains("emulator"), out::toString);
        assertTrue(Files.isDirectory(home.resolve("bench")), "the workload is built under the farm home");
    }

    @Test
    void rejectsANegativeSize(@TempDir Path home) {
        CommandLine cl = Farm.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("--home", home.toString(), "bench", "--size", "-1"));
        assertTrue(err.toString().contains("--size must be >= 0"), err::toString);
    }
}
