package dev.binfarm.emulator.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.cpu.Cpu;
import dev.binfarm.emulator.mem.Backing;
import dev.binfarm.emulator.mem.GuestMemory;
import dev.binfarm.emulator.vfs.Rootfs;
import dev.binfarm.emulator.vfs.Stdio;
import dev.binfarm.emulator.vfs.Vfs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Syscalls dispatched directly (registers in, rax out), without running guest code. */
class KernelTest {
    static final long BUF = 0x10000, HEAP = 0x4000_0000L;

    @TempDir Path root;
    Cpu cpu;
    Kernel k;
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void boot() throws Exception {
        Files.writeString(root.resolve("hello.txt"), "hello");
        cpu = kernelCpu(1, 1 << 20);
    }

    Cpu kernelCpu(long seed, int outputCap) throws Exception {
        GuestMemory mem = new GuestMemory(64L << 20);
        mem.map(BUF, 0x10000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, Backing.ZERO, 0, "buf");
        Cpu c = new Cpu(mem);
        SplittableRandom rng = new SplittableRandom(seed);
        Stdio.OutputCap cap = new Stdio.OutputCap(outputCap);
        k = new Kernel(c, new Vfs(new Rootfs(root), "/prog", new byte[0], rng.split(), ""), new GuestClock(0), rng.split(),
                cap, "/prog", HEAP, 0x7000_0000_0000L);
        k.installFd(0, Stdio.stdin(new ByteArrayInputStream("input".getBytes())));
        k.installFd(1, Stdio.stdout(out, cap));
        k.installFd(2, Stdio.stderr(out, cap));
        c.syscalls = k;
        return c;
    }

    long sys(long nr, long... args) {
        int[] regs = {Cpu.RDI, Cpu.RSI, Cpu.RDX, Cpu.R10, Cpu.R8, Cpu.R9};
        cpu.r[Cpu.RAX] = nr;
        for (int i = 0; i < 6; i++) cpu.r[regs[i]] = i < args.length ? args[i] : 0;
        k.syscall(cpu);
        return cpu.r[Cpu.RAX];
    }

    long str(long at, String s) {
        cpu.mem.write(at, (s + "\0").getBytes(StandardCharsets.UTF_8));
        return at;
    }

    @Test
    void tableRowsAreWellFormed() {
        Set<String> names = new HashSet<>();
        for (Syscall s : SyscallTable.entries()) {
            assertTrue(names.add(s.name()), "duplicate name " + s.name());
            assertTrue(s.arity() >= 0 && s.arity() <= 6, s.name());
            assertTrue(s.pathArg() < s.arity(), s.name());
            if (s.support() != Support.SUPPORTED) assertFalse(s.note().isBlank(), s.name() + " needs a note saying what is missing");
        }
        for (String n : List.of("read", "write", "openat", "mmap", "brk", "exit_group", "getrandom", "readlinkat", "tgkill"))
            assertTrue(names.contains(n), n);
        assertNull(SyscallTable.get(400), "no row: ENOSYS by construction");
        assertEquals(Support.ENOSYS, SyscallTable.get(334).support());
    }

    @Test
    void missingRowsAnswerEnosysAndAreCounted() {
        assertEquals(-Errno.ENOSYS, sys(400));
        assertEquals(-Errno.ENOSYS, sys(334));
        assertEquals(-Errno.ENOSYS, sys(-1));
        assertEquals(3, k.trace().total());
        assertEquals("syscall_400", k.trace().usage().stream().filter(u -> u.nr() == 400).findFirst().orElseThrow().name());
    }

    @Test
    void readWriteAndTheErrnoHistogram() {
        assertEquals(5, sys(1, 1, str(BUF, "howdy"), 5));
        assertEquals("howdy", out.toString());
        assertEquals(5, sys(0, 0, BUF, 100));
        assertEquals("input", new String(cpu.mem.read(BUF, 5), StandardCharsets.UTF_8));
        assertEquals(-Errno.EFAULT, sys(1, 1, 0x999_0000L, 5));
        assertEquals(-Errno.EBADF, sys(1, 77, BUF, 1));
        assertEquals(-Errno.EBADF, sys(1, 77, BUF, 1));
        SyscallUsage write = k.trace().usage().stream().filter(u -> u.name().equals("write")).findFirst().orElseThrow();
        assertEquals(4, write.calls());
        assertEquals(2L, write.errors().get("EBADF"));
        assertEquals(1L, write.errors().get("EFAULT"));
    }

    @Test
    void pseudoFilesAndTheReadOnlyRootfs() {
        long fd = sys(257, VfsCalls.AT_FDCWD, str(BUF, "/dev/null"), 2);
        assertTrue(fd >= 3, Long.toString(fd));
        assertEquals(4, sys(1, fd, BUF, 4));
        assertEquals(-Errno.EROFS, sys(257, VfsCalls.AT_FDCWD, str(BUF, "/new.txt"), 0x41, 0644));
        assertEquals(-Errno.EROFS, sys(2, str(BUF, "/hello.txt"), 2));
        assertEquals(-Errno.EROFS, sys(87, str(BUF, "/hello.txt")));
        assertEquals(-Errno.ENXIO, sys(2, str(BUF, "/dev/tty"), 2));
        assertEquals(5, sys(89, str(BUF, "/proc/self/exe"), BUF + 100, 100));
        assertEquals("/prog", new String(cpu.mem.read(BUF + 100, 5)));
        assertEquals(-Errno.ENOTTY, sys(16, 1, 0x5401, BUF));
    }

    @Test
    void randomnessFollowsTheSeed() throws Exception {
        sys(318, BUF, 32, 0);
        byte[] a = cpu.mem.read(BUF, 32);
        cpu = kernelCpu(1, 1 << 20);
        sys(318, BUF, 32, 0);
        assertArrayEquals(a, cpu.mem.read(BUF, 32));
        cpu = kernelCpu(2, 1 << 20);
        sys(318, BUF, 32, 0);
        assertFalse(java.util.Arrays.equals(a, cpu.mem.read(BUF, 32)));
    }

    @Test
    void brkAndAnonymousMappings() {
        assertEquals(HEAP, sys(12, 0));
        assertEquals(HEAP + 10_000, sys(12, HEAP + 10_000));
        cpu.mem.write64(HEAP + 9_992, 42);
        assertEquals(HEAP + 10_000, sys(12, HEAP - 4096), "below the start: unchanged");
        long p = sys(9, 0, 8192, 3, Mmap.MAP_PRIVATE | Mmap.MAP_ANONYMOUS, -1, 0);
        assertEquals(0, p & 0xFFF);
        assertTrue(p < 0x7000_0000_0000L && p > HEAP);
        cpu.mem.write64(p + 8184, 7);
        assertEquals(0, sys(10, p, 4096, 1));
        assertEquals(GuestMemory.PROT_READ, cpu.mem.mappingAt(p).prot());
        assertEquals(0, sys(28, p + 4096, 4096, Mmap.MADV_DONTNEED));
        assertEquals(0, cpu.mem.read64(p + 8184), "MADV_DONTNEED zeroes anonymous pages");
        assertEquals(0, sys(11, p, 8192));
        assertFalse(cpu.mem.isMapped(p, 8192));
        assertEquals(-Errno.EINVAL, sys(9, 0, 0, 3, 0x22, -1, 0));
        assertEquals(-Errno.ENOMEM, sys(10, 0x6000_0000_0000L, 4096, 1));
    }

    @Test
    void hugeRangesCostWhatIsTouchedNotTheirSize() {
        long t0 = System.nanoTime();
        long p = sys(9, 0, 1L << 44, 3, Mmap.MAP_PRIVATE | Mmap.MAP_ANONYMOUS, -1, 0);
        assertTrue(p > 0, Long.toHexString(p));
        cpu.mem.write64(p + (1L << 43), 5);
        assertEquals(0, sys(10, p, 1L << 44, 1));
        assertEquals(5, cpu.mem.read64(p + (1L << 43)));
        assertEquals(0, sys(11, 0x1000, (1L << 47) - 0x1000));
        assertFalse(cpu.mem.isMapped(p, 4096));
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "map/protect/unmap of 16 TiB took " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    @Test
    void profilesDenyAndExploreStubsOrFakes() {
        k.policy(SyscallPolicy.profile(List.of("write", "getpid", "exit_group")).stub("write").fake("getpid"));
        assertEquals(-Errno.ENOSYS, sys(39 + 63)); // getuid: not in the profile
        assertEquals(-Errno.ENOSYS, sys(1, 1, BUF, 1)); // write: stubbed
        assertEquals(0, sys(39)); // getpid: faked, 0 instead of 1
        assertEquals(-Errno.ENOSYS, sys(400)); // no row at all: ENOSYS, but not the profile's doing
        SyscallUsage getuid = k.trace().usage().stream().filter(u -> u.name().equals("getuid")).findFirst().orElseThrow();
        assertEquals(1, getuid.denied());
        assertEquals(1L, getuid.errors().get("ENOSYS"));
        for (SyscallUsage u : k.trace().usage()) if (!u.name().equals("getuid")) assertEquals(0, u.denied(), u.name());
        assertEquals("", out.toString());
    }

    @Test
    void exitGroupEndsTheProcess() {
        sys(231, 0x1FF);
        assertEquals(new GuestExit.Exited(0xFF), k.end());
    }

    @Test
    void selfSignalsFollowMaskAndDisposition() {
        long set = BUF;
        cpu.mem.write64(set, 1L << (Signals.SIGABRT - 1));
        assertEquals(0, sys(14, Signals.SIG_BLOCK, set, 0, 8));
        assertEquals(0, sys(234, 1, 1, Signals.SIGABRT));
        assertNull(k.end(), "blocked: pending");
        assertEquals(0, sys(14, Signals.SIG_UNBLOCK, set, 0, 8));
        assertEquals(Signals.SIGABRT, ((GuestExit.Signaled) k.end()).signal());
    }

    @Test
    void outputCapStopsTheGuestWithAMarker() throws Exception {
        out.reset();
        cpu = kernelCpu(1, 10);
        assertEquals(8, sys(1, 1, str(BUF, "12345678"), 8));
        assertNull(k.end());
        assertEquals(2, sys(1, 1, str(BUF, "abcdef"), 6));
        assertEquals("12345678ab\n[binfarm: output truncated after 10 bytes]\n", out.toString());
        assertEquals(Signals.SIGXFSZ, ((GuestExit.Signaled) k.end()).signal());
    }

    @Test
    void straceLinesSpellOutPathsBuffersAndFlags() {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        k.traceTo(new java.io.PrintStream(lines, true, StandardCharsets.UTF_8));
        sys(2, str(BUF, "/missing"), 0x80000);
        sys(1, 1, str(BUF + 100, "hi\n"), 3);
        sys(9, 0, 4096, 3, 0x22, -1, 0);
        sys(257, VfsCalls.AT_FDCWD, str(BUF, "/hello.txt"), 0);
        String text = lines.toString(StandardCharsets.UTF_8);
        String[] l = text.split("\n");
        assertEquals("open(\"/missing\", O_RDONLY|O_CLOEXEC, 0) = -1 ENOENT", l[0]);
        assertEquals("write(1, \"hi\\n\", 3) = 3", l[1]);
        assertTrue(l[2].matches("mmap\\(0, 4096, PROT_READ\\|PROT_WRITE, MAP_PRIVATE\\|MAP_ANONYMOUS, -1, 0\\) = 0x[0-9a-f]+000"), l[2]);
        assertEquals("openat(AT_FDCWD, \"/hello.txt\", O_RDONLY, 0) = 3", l[3]);
    }

    @Test
    void traceTextIsReadable() {
        sys(39);
        sys(2, str(BUF, "/missing"), 0);
        String text = k.trace().toText();
        assertEquals("getpid() = 1\nopen(0x10000, 0, 0) = -1 ENOENT\n", text);
    }
}
