package dev.binfarm.emulator.loader;

import dev.binfarm.emulator.elf.ElfFile;
import dev.binfarm.emulator.elf.ElfKind;
import dev.binfarm.emulator.mem.Backing;
import dev.binfarm.emulator.mem.GuestFault;
import dev.binfarm.emulator.mem.GuestMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Builds a process image the way Linux's binfmt_elf does: maps the PT_LOAD
 * segments (a static-PIE at a seeded base, an ET_EXEC at its own addresses),
 * places brk after the highest segment, and lays out the initial stack with
 * argc, argv, envp and auxv. Every address that Linux randomises comes from
 * the run's seeded generator: same seed, same layout.
 */
public final class Loader {
    private Loader() { }

    static final long PAGE = GuestMemory.PAGE_SIZE;
    /** Static-PIE bases fall in [PIE_BASE, PIE_BASE + PIE_RANGE), like Linux's 0x55.. addresses. */
    public static final long PIE_BASE = 0x5555_0000_0000L, PIE_RANGE = 0x100_0000_0000L;
    public static final long STACK_TOP_BASE = 0x7ff0_0000_0000L;
    public static final long STACK_SIZE = 8L << 20;
    /** Linux keeps at least this much between the stack and the mmap area (the stack rlimit, clamped). */
    static final long MMAP_GAP = 128L << 20;
    static final long MIN_ADDR = 0x10000;
    /** The vDSO lies a seeded number of pages above the stack, within 2 MiB as Linux's vdso_addr() puts it. */
    static final long VDSO_RANGE = 2L << 20;
    /** Arguments and environment may use up to a quarter of the stack, as on Linux. */
    static final long MAX_STRINGS = STACK_SIZE / 4;

    static final int AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7, AT_FLAGS = 8;
    static final int AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15;
    static final int AT_HWCAP = 16, AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_HWCAP2 = 26, AT_EXECFN = 31;
    static final int AT_SYSINFO_EHDR = 33;

    /** What the process starts with besides the ELF. */
    public record Spec(List<String> argv, List<String> env, String execfn, long hwcap) { }

    /** The dynamic loader named by PT_INTERP, read from the rootfs. */
    public record Interpreter(String path, ElfFile elf, byte[] file) { }

    public static ProcessImage load(GuestMemory mem, ElfFile elf, byte[] file, Spec spec, RandomGenerator rng)
            throws LoadException {
        return load(mem, elf, file, spec, rng, null);
    }

    /**
     * Loads a program; a dynamically linked one also gets its interpreter
     * mapped (top-down in the mmap area, as Linux does) and starts there, with
     * AT_BASE naming the interpreter's base.
     */
    public static ProcessImage load(GuestMemory mem, ElfFile elf, byte[] file, Spec spec, RandomGenerator rng,
                                    Interpreter interp) throws LoadException {
        ElfKind kind = elf.kind();
        if (kind == ElfKind.DYNAMIC && interp == null)
            throw new LoadException("dynamically linked programs are not supported yet (needs " + elf.interpreter() + ")");
        // The dynamic loader run as the program (ld-linux-x86-64.so.2 --library-path ... /usr/bin/app): a shared
        // object with an entry point and no interpreter relocates itself, like a static-PIE.
        boolean selfStarting = kind == ElfKind.SHARED_LIBRARY && elf.entry() != 0 && elf.interpreter() == null;
        if (!kind.isProgram() && !selfStarting) throw new LoadException("not a program: the ELF is a " + kind.label());
        boolean pie = elf.type() == ElfFile.ET_DYN;
        List<ElfFile.Segment> loads = elf.loadSegments();
        long min = elf.minVaddr(), max = elf.maxVaddr();
        long bias;
        if (pie) {
            bias = PIE_BASE + (rng.nextLong(PIE_RANGE / PAGE) * PAGE) - min;
        } else {
            bias = 0;
            if (min < MIN_ADDR) throw new LoadException(String.format(
                    "ET_EXEC segment at 0x%x is below the lowest mappable address 0x%x", min, MIN_ADDR));
        }
        long stackTop = STACK_TOP_BASE + rng.nextLong(0x40000) * PAGE;
        long stackBottom = stackTop - STACK_SIZE;
        if (bias + max > stackBottom - MMAP_GAP) throw new LoadException(String.format(
                "segments end at 0x%x, inside the stack and mmap area", bias + max));

        try {
            mapSegments(mem, elf, file, bias, spec.execfn());
            long brkStart = bias + max + rng.nextLong(0x2000) * PAGE;
            mem.map(stackBottom, STACK_SIZE, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, Backing.ZERO, 0, "[stack]");
            long mmapTop = stackBottom - MMAP_GAP - rng.nextLong(1 << 20) * PAGE;
            long entry = bias + elf.entry();
            long interpBase = 0;
            if (interp != null) {
                ElfFile ie = interp.elf();
                if (ie.type() != ElfFile.ET_DYN || ie.interpreter() != null)
                    throw new LoadException("interpreter " + interp.path() + " is not a position-independent loader");
                long size = ie.maxVaddr() - ie.minVaddr();
                long at = mem.findFree(size, mmapTop, MIN_ADDR);
                if (at < 0) throw new LoadException("no room for the interpreter " + interp.path());
                long ibias = at - ie.minVaddr();
                mapSegments(mem, ie, interp.file(), ibias, interp.path());
                interpBase = ibias;
                entry = ibias + ie.entry();
            }

            long phdr = phdrAddress(elf, loads, min) + bias;
            byte[] randomBytes = new byte[16];
            for (int i = 0; i < 16; i++) randomBytes[i] = (byte) rng.nextInt();
            // Drawn last so adding the vDSO left every other seeded address where it was.
            long vdso = stackTop + (1 + rng.nextLong(VDSO_RANGE / PAGE)) * PAGE;
            mem.map(vdso, Vdso.size(), GuestMemory.PROT_READ | GuestMemory.PROT_EXEC, Backing.of(Vdso.image()), 0, "[vdso]");
            return buildStack(mem, elf, spec, bias, pie, phdr, brkStart, stackTop, stackBottom, mmapTop, randomBytes,
                    entry, interpBase, vdso);
        } catch (GuestFault f) {
            throw new LoadException("cannot build the process image: " + f.getMessage());
        }
    }

    private static void mapSegments(GuestMemory mem, ElfFile elf, byte[] file, long bias, String name) {
        List<ElfFile.Segment> loads = elf.loadSegments();
        ImageBacking backing = new ImageBacking(file, loads);
        for (ElfFile.Segment s : loads) {
            long start = (s.vaddr() & ~(PAGE - 1));
            long end = GuestMemory.roundUp(s.vaddr() + s.memsz());
            if (end == start) continue;
            mem.map(bias + start, end - start, prot(s), backing, start, name);
        }
    }

    private static int prot(ElfFile.Segment s) {
        return (s.readable() ? GuestMemory.PROT_READ : 0) | (s.writable() ? GuestMemory.PROT_WRITE : 0)
                | (s.executable() ? GuestMemory.PROT_EXEC : 0);
    }

    /** Where the program headers are in memory: PT_PHDR, else the PT_LOAD holding e_phoff (as Linux 6 does). */
    static long phdrAddress(ElfFile elf, List<ElfFile.Segment> loads, long min) {
        for (ElfFile.Segment s : elf.segments()) if (s.type() == ElfFile.PT_PHDR) return s.vaddr();
        for (ElfFile.Segment s : loads) {
            if (elf.phoff() >= s.offset() && elf.phoff() - s.offset() < s.filesz()) return s.vaddr() + (elf.phoff() - s.offset());
        }
        return min + elf.phoff();
    }

    private static ProcessImage buildStack(GuestMemory mem, ElfFile elf, Spec spec, long bias, boolean pie, long phdr,
                                           long brkStart, long stackTop, long stackBottom, long mmapTop,
                                           byte[] randomBytes, long entry, long interpBase, long vdso)
            throws LoadException {
        List<byte[]> argv = strings(spec.argv());
        List<byte[]> env = strings(spec.env());
        byte[] execfn = cstring(spec.execfn());
        long total = execfn.length;
        for (byte[] b : argv) total += b.length;
        for (byte[] b : env) total += b.length;
        if (total > MAX_STRINGS) throw new LoadException("argument list too long (" + total + " bytes of arguments and environment)");

        // Strings, from the top down: an 8-byte end marker, execfn, env strings, argv strings.
        long p = stackTop - 8;
        p -= execfn.length;
        long execfnAddr = p;
        mem.write(p, execfn);
        long[] envAddr = new long[env.size()];
        for (int i = env.size() - 1; i >= 0; i--) {
            p -= env.get(i).length;
            envAddr[i] = p;
            mem.write(p, env.get(i));
        }
        long[] argvAddr = new long[argv.size()];
        for (int i = argv.size() - 1; i >= 0; i--) {
            p -= argv.get(i).length;
            argvAddr[i] = p;
            mem.write(p, argv.get(i));
        }
        p &= ~15L;
        byte[] platform = cstring("x86_64");
        p -= platform.length;
        long platformAddr = p;
        mem.write(p, platform);
        p -= 16;
        long randomAddr = p;
        mem.write(p, randomBytes);
        p &= ~15L;

        long[] aux = {
            AT_SYSINFO_EHDR, vdso,
            AT_HWCAP, spec.hwcap(),
            AT_PAGESZ, PAGE,
            AT_CLKTCK, 100,
            AT_PHDR, phdr,
            AT_PHENT, elf.phentsize(),
            AT_PHNUM, elf.phnum(),
            AT_BASE, interpBase,
            AT_FLAGS, 0,
            AT_ENTRY, bias + elf.entry(),
            AT_UID, 0, AT_EUID, 0, AT_GID, 0, AT_EGID, 0,
            AT_SECURE, 0,
            AT_RANDOM, randomAddr,
            AT_HWCAP2, 0,
            AT_EXECFN, execfnAddr,
            AT_PLATFORM, platformAddr,
            AT_NULL, 0,
        };
        int words = 1 + argv.size() + 1 + env.size() + 1 + aux.length;
        long sp = (p - 8L * words) & ~15L;
        ByteBuffer b = ByteBuffer.allocate(8 * words).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(argv.size());
        for (long a : argvAddr) b.putLong(a);
        b.putLong(0);
        for (long e : envAddr) b.putLong(e);
        b.putLong(0);
        for (long v : aux) b.putLong(v);
        mem.write(sp, b.array());
        return new ProcessImage(entry, sp, bias, pie, phdr, brkStart, stackTop, stackBottom, mmapTop,
                randomAddr, execfnAddr, interpBase, vdso, Vdso.size());
    }

    private static List<byte[]> strings(List<String> list) {
        List<byte[]> out = new ArrayList<>(list.size());
        for (String s : list) out.add(cstring(s));
        return out;
    }

    private static byte[] cstring(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }
}
