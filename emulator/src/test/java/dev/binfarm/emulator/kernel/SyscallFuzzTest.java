package dev.binfarm.emulator.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.cpu.Cpu;
import dev.binfarm.emulator.mem.Backing;
import dev.binfarm.emulator.mem.GuestMemory;
import dev.binfarm.emulator.vfs.Rootfs;
import dev.binfarm.emulator.vfs.Stdio;
import dev.binfarm.emulator.vfs.Vfs;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every row of the table called with hostile arguments (bad pointers, huge
 * lengths, negative descriptors, valid buffers, paths): each call must return
 * a value or -errno, never throw or end the run with an emulator error.
 */
class SyscallFuzzTest {
    static final long BUF = 0x10000, BUF_LEN = 0x20000;
    static final int CALLS = 200_000;

    @TempDir Path root;

    @Test
    void hostileArgumentsGiveErrnoNeverAnException() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0\n");
        Files.createSymbolicLink(root.resolve("link"), Path.of("etc/passwd"));
        Random rng = new Random(77);
        List<Syscall> rows = SyscallTable.entries();
        Kernel k = null;
        Cpu cpu = null;
        String[] paths = {"/etc/passwd", "/etc", "/link", "/", "..", "/dev/null", "/dev/urandom", "/proc/self/exe",
                "/proc/self/maps", "/nope", "", "/etc/passwd/x"};
        long[] interesting = {0, 1, -1, 2, 3, 4096, 0x7fffffff, 0xffffffffL, Long.MAX_VALUE, Long.MIN_VALUE, -100, 1L << 47,
                (1L << 47) - 4096, 0x1000, 0x7ffffffffffff000L, 0x7fffffffffffffffL - 4095};
        int ended = 0;
        for (int i = 0; i < CALLS; i++) {
            if (k == null || k.end() != null || i % 5000 == 0) {
                if (k != null && k.end() != null) {
                    ended++;
                    if (k.end() instanceof GuestExit.Signaled s && s.reason().startsWith("emulator error"))
                        fail("call " + i + ": " + s.reason());
                }
                if (k != null) k.release();
                GuestMemory mem = new GuestMemory(256L << 20);
                mem.map(BUF, BUF_LEN, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, Backing.ZERO, 0, "buf");
                cpu = new Cpu(mem);
                SplittableRandom seeds = new SplittableRandom(i);
                Stdio.OutputCap cap = new Stdio.OutputCap(1 << 20);
                // Every other process gets the copy-on-write layer, so its paths are fuzzed too.
                Rootfs fs = (i / 5000) % 2 == 0 ? new Rootfs(root) : new Rootfs(root, new dev.binfarm.emulator.vfs.Upper(1 << 20));
                k = new Kernel(cpu, new Vfs(fs, "/prog", new byte[64], seeds.split(), "cpu\n"),
                        new GuestClock(0), seeds.split(), cap, "/prog", 0x4000_0000L, 0x7000_0000_0000L);
                k.installFd(0, Stdio.stdin(new ByteArrayInputStream(new byte[100])));
                k.installFd(1, Stdio.stdout(OutputStream.nullOutputStream(), cap));
                k.installFd(2, Stdio.stderr(OutputStream.nullOutputStream(), cap));
                cpu.syscalls = k;
            }
            Syscall s = rows.get(rng.nextInt(rows.size()));
            if (s.name().equals("exit") || s.name().equals("exit_group")) continue;
            long[] args = new long[6];
            for (int a = 0; a < 6; a++) {
                args[a] = switch (rng.nextInt(5)) {
                    case 0 -> interesting[rng.nextInt(interesting.length)];
                    case 1 -> BUF + rng.nextInt((int) BUF_LEN);
                    case 2 -> rng.nextInt(64);
                    case 3 -> rng.nextLong();
                    default -> {
                        long at = BUF + rng.nextInt((int) BUF_LEN - 512);
                        try {
                            cpu.mem.write(at, (paths[rng.nextInt(paths.length)] + "\0").getBytes(StandardCharsets.UTF_8));
                        } catch (dev.binfarm.emulator.mem.GuestFault gone) {
                            // An earlier call unmapped or protected the buffer: a bad pointer is a fine argument too.
                        }
                        yield at;
                    }
                };
            }
            int[] regs = {Cpu.RDI, Cpu.RSI, Cpu.RDX, Cpu.R10, Cpu.R8, Cpu.R9};
            cpu.r[Cpu.RAX] = s.nr();
            for (int a = 0; a < 6; a++) cpu.r[regs[a]] = args[a];
            long t0 = System.nanoTime();
            try {
                k.syscall(cpu);
                long took = System.nanoTime() - t0;
                // Lengths up to the whole address space must cost what is touched, not their size.
                if (took > 500_000_000L) fail("call " + i + " " + s.name() + java.util.Arrays.toString(args) + " took " + took / 1_000_000 + " ms");
            } catch (AssertionError e) {
                throw e;
            } catch (Throwable t) {
                fail("call " + i + " " + s.name() + java.util.Arrays.toString(args) + " threw " + t, t);
            }
            if (k.end() instanceof GuestExit.Signaled sig && sig.reason().startsWith("emulator error"))
                fail("call " + i + " " + s.name() + java.util.Arrays.toString(args) + ": " + sig.reason());
        }
        k.release();
        System.out.printf("syscall fuzz: %d calls over %d table rows, %d processes ended by a call%n", CALLS, rows.size(), ended);
        assertTrue(rows.size() > 80);
        try (var files = Files.walk(root)) {
            assertEquals(List.of("", "etc", "etc/passwd", "link"),
                    files.map(p -> root.relativize(p).toString()).sorted().toList(), "the host rootfs is never changed");
        }
        assertEquals("root:x:0:0\n", Files.readString(root.resolve("etc/passwd")));
    }
}
