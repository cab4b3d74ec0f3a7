package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.GuestOutcome;
import org.openjdk.jmh.annotations.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Syscall dispatch through the whole kernel: a static-PIE guest (compiled with
 * gcc at setup) doing a tight loop of raw getpid system calls. Score = time per
 * system call, guest start-up included but amortised over {@link #CALLS}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SyscallBench {
    static final int CALLS = 1_000_000;
    static final String SOURCE = """
            #include <stdlib.h>
            int main(int argc, char **argv) {
                long n = atol(argv[1]), sum = 0;
                for (long i = 0; i < n; i++) {
                    long r;
                    __asm__ volatile ("syscall" : "=a"(r) : "a"(39L) : "rcx", "r11", "memory");
                    sum += r;
                }
                return sum == 0;
            }
            """;

    Path root;
    Guest guest;

    @Setup
    public void setup() throws Exception {
        root = Files.createTempDirectory("syscall-bench");
        Files.writeString(root.resolve("getpid.c"), SOURCE);
        Process p = new ProcessBuilder("gcc", "-O2", "-static-pie", "-o", root.resolve("getpid").toString(),
                root.resolve("getpid.c").toString()).inheritIO().start();
        if (p.waitFor() != 0) throw new IllegalStateException("gcc failed");
        guest = Guest.builder().rootfs(root).argv("/getpid", Integer.toString(CALLS)).timeout(Duration.ofMinutes(5)).build();
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public GuestOutcome getpidLoop() {
        GuestOutcome o = guest.run();
        if (!(o.exit() instanceof GuestExit.Exited e) || e.code() != 0) throw new IllegalStateException("guest: " + o.exit());
        return o;
    }
}
