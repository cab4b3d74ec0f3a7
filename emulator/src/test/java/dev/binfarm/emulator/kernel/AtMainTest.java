package dev.binfarm.emulator.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.GuestOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Guest#atMain()}: the run stops exactly in front of main, after the constructors, before main's output. */
class AtMainTest {
    static final String SOURCE = """
            #include <stdio.h>
            #include <unistd.h>
            __attribute__((constructor)) static void before(void) { write(1, "ctor\\n", 5); }
            int main(void) { write(1, "main\\n", 5); return 3; }
            """;

    @Test
    void staticPieStopsAtMain(@TempDir Path dir) throws IOException {
        check(dir, Cc.staticPie(dir, "p", SOURCE));
    }

    @Test
    void fixedAddressExecutableStopsAtMain(@TempDir Path dir) throws IOException {
        check(dir, Cc.staticExec(dir, "e", SOURCE));
    }

    @Test
    void withoutTheHookMainRuns(@TempDir Path dir) throws IOException {
        Path elf = Cc.staticPie(dir, "p", SOURCE);
        GuestOutcome o = Guest.builder().rootfs(Files.createDirectories(dir.resolve("root"))).exe(elf).argv("/p").build().run();
        assertEquals(new GuestExit.Exited(3), o.exit());
        assertEquals("ctor\nmain\n", new String(o.stdout()));
    }

    private static void check(Path dir, Path elf) throws IOException {
        AtomicInteger calls = new AtomicInteger();
        GuestOutcome o = Guest.builder().rootfs(Files.createDirectories(dir.resolve("root"))).exe(elf).argv("/p")
                .atMain(calls::incrementAndGet).build().run();
        assertEquals(1, calls.get(), "the hook runs once");
        assertTrue(o.exit() instanceof GuestExit.Signaled s && s.signal() == Signals.SIGTRAP
                && s.reason().startsWith("stopped at main"), o.exit().toString());
        assertEquals("ctor\n", new String(o.stdout()), "constructors ran, main did not");
        assertTrue(o.instructions() > 1000, "start-up ran: " + o.instructions());
    }
}
