package dev.binfarm.emulator.cpu.diff;

import dev.binfarm.emulator.cpu.Cpu;
import dev.binfarm.emulator.cpu.Stop;
import dev.binfarm.emulator.mem.Backing;
import dev.binfarm.emulator.mem.GuestMemory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link DiffCase}s natively (through the difftest.c oracle) and in the
 * emulator, and reports where they differ.
 */
public final class DiffRunner {
    public static final long DATA_ADDR = 0x10000000L, CODE_ADDR = 0x20000000L;
    /** The GS base in both worlds (the oracle sets it with arch_prctl), so gs: operands can be tested. */
    public static final long GS_BASE = DATA_ADDR + 0x100;
    static final int DATA_WORDS = 512;
    /** Where the emulator's run of a snippet stops: the end of the second code page, which no case writes. */
    static final long STOP = CODE_ADDR + 8192 - 16;
    /** Flags compared at all (TF, IF, AC, ID... are not the snippet's business). */
    static final long COMPARED_FLAGS = Cpu.STATUS_FLAGS | Cpu.DF;

    private final Path work;
    private Path oracle;

    public DiffRunner(Path work) {
        this.work = work;
    }

    /** What the host CPU did with one case. */
    record Native(int signal, long ripOffset, long[] r, long rflags, long[] xmm, long[] data) { }

    public record Mismatch(String generator, DiffCase diffCase, String details) {
        @Override
        public String toString() {
            return "[" + generator + "] " + diffCase.text().replace('\n', ';') + "\n" + details;
        }
    }

    public record Result(int cases, List<Mismatch> mismatches, Map<String, Integer> casesByGenerator) { }

    public Result run(Map<String, List<DiffCase>> byGenerator) throws IOException, InterruptedException {
        List<DiffCase> cases = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        byGenerator.forEach((g, list) -> {
            cases.addAll(list);
            for (int k = 0; k < list.size(); k++) owners.add(g);
            counts.put(g, list.size());
        });
        List<byte[]> code = assemble(cases);
        List<Native> natives = runNative(cases, code);
        List<Mismatch> mismatches = new ArrayList<>();
        GuestMemory mem = new GuestMemory(1 << 20);
        mem.map(DATA_ADDR, 4096, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, Backing.ZERO, 0, "data");
        mem.map(CODE_ADDR, 8192, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE | GuestMemory.PROT_EXEC,
                Backing.ZERO, 0, "code");
        byte[] dataBytes = new byte[4096];
        for (int k = 0; k < cases.size(); k++) {
            String d = compare(mem, cases.get(k), code.get(k), natives.get(k), dataBytes);
            if (d != null) mismatches.add(new Mismatch(owners.get(k), cases.get(k), d));
        }
        return new Result(cases.size(), mismatches, counts);
    }

    // ------------------------------------------------------------------ emulator side

    private static String compare(GuestMemory mem, DiffCase c, byte[] code, Native n, byte[] dataBytes) {
        Cpu cpu = new Cpu(mem);
        // The snippet ends in the oracle's trampoline, jmp [rip + 0], here aimed at STOP on the other code page:
        // the run stops there, in a block of its own, so the snippet's last block runs whole (a block holding the
        // breakpoint always runs in the interpreter, which would keep the compiling tier from ever running it).
        byte[] withTrampoline = java.util.Arrays.copyOf(code, code.length + 14);
        withTrampoline[code.length] = (byte) 0xFF;
        withTrampoline[code.length + 1] = 0x25;
        ByteBuffer.wrap(withTrampoline, code.length + 6, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(STOP);
        mem.write(CODE_ADDR, withTrampoline);
        fill(c.dataSeed(), dataBytes);
        mem.write(DATA_ADDR, dataBytes);
        System.arraycopy(c.r(), 0, cpu.r, 0, 16);
        System.arraycopy(c.xmm(), 0, cpu.xmm, 0, 32);
        cpu.setRflags(c.rflags());
        cpu.gsBase = GS_BASE;
        cpu.rip = CODE_ADDR;
        cpu.breakpoint = STOP;
        Stop stop;
        String crash = null;
        try {
            stop = cpu.run(100_000);
        } catch (RuntimeException e) {
            stop = null;
            crash = e.toString();
        }
        StringBuilder sb = new StringBuilder();
        int signal = stop == null ? -3 : switch (stop) {
            case BREAKPOINT -> 0;
            case FAULT -> 11;
            case DIVIDE -> 8;
            case ILLEGAL -> 4;
            case TRAP -> 5;
            case BUDGET -> -1;
            case HALT -> -2;
        };
        int nativeSignal = n.signal == 7 ? 11 : n.signal; // SIGBUS and SIGSEGV are both "fault"
        if (signal != nativeSignal) {
            sb.append("  stop: native signal ").append(n.signal).append(", emulator ").append(stop);
            if (crash != null) sb.append(" (").append(crash).append(')');
            if (cpu.illegal != null) sb.append(" (").append(cpu.illegal).append(')');
            if (cpu.fault != null) sb.append(" (").append(cpu.fault.getMessage()).append(')');
            sb.append('\n');
        } else if (signal != 0) {
            long rip = (stop == Stop.TRAP ? cpu.rip : cpu.faultRip) - CODE_ADDR;
            if (rip != n.ripOffset) sb.append("  rip offset: native ").append(n.ripOffset).append(", emulator ").append(rip).append('\n');
        }
        for (int k = 0; k < 16; k++) {
            if (cpu.r[k] != n.r[k]) diff(sb, REG_NAMES[k], c.r()[k], n.r[k], cpu.r[k]);
        }
        long mask = COMPARED_FLAGS & ~c.undefinedFlags();
        long ef = cpu.rflags();
        if (((ef ^ n.rflags) & mask) != 0) {
            sb.append(String.format("  rflags (mask %x): in %x, native %x, emulator %x [%s vs %s]%n", mask, c.rflags(),
                    n.rflags & mask, ef & mask, flagNames(n.rflags & mask), flagNames(ef & mask)));
        }
        for (int k = 0; k < 32; k++) {
            if (cpu.xmm[k] != n.xmm[k]) diff(sb, "xmm" + (k / 2) + (k % 2 == 0 ? ".lo" : ".hi"), c.xmm()[k], n.xmm[k], cpu.xmm[k]);
        }
        mem.read(DATA_ADDR, dataBytes, 0, 4096);
        ByteBuffer bb = ByteBuffer.wrap(dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        long[] init = initialData(c.dataSeed());
        for (int k = 0; k < DATA_WORDS; k++) {
            long e = bb.getLong(k * 8);
            if (e != n.data[k]) diff(sb, "data+" + Integer.toHexString(k * 8), init[k], n.data[k], e);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    static final String[] REG_NAMES = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
            "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};

    private static void diff(StringBuilder sb, String what, long in, long nat, long emu) {
        sb.append(String.format("  %s: in %016x, native %016x, emulator %016x%n", what, in, nat, emu));
    }

    static String flagNames(long f) {
        StringBuilder sb = new StringBuilder();
        String[] names = {"CF", "", "PF", "", "AF", "", "ZF", "SF", "TF", "IF", "DF", "OF"};
        for (int b = 0; b < names.length; b++) if ((f & (1L << b)) != 0 && !names[b].isEmpty()) sb.append(names[b]).append(' ');
        return sb.toString().trim();
    }

    // ------------------------------------------------------------------ data area

    static long splitmix(long[] s) {
        long z = (s[0] += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long[] initialData(long seed) {
        long[] s = {seed};
        long[] out = new long[DATA_WORDS];
        for (int k = 0; k < DATA_WORDS; k++) out[k] = splitmix(s);
        return out;
    }

    private static void fill(long seed, byte[] dst) {
        ByteBuffer bb = ByteBuffer.wrap(dst).order(ByteOrder.LITTLE_ENDIAN);
        long[] s = {seed};
        for (int k = 0; k < DATA_WORDS; k++) bb.putLong(k * 8, splitmix(s));
    }

    // ------------------------------------------------------------------ assembling

    /** Assembles every distinct snippet text in one GNU as run and slices the bytes by label. */
    private List<byte[]> assemble(List<DiffCase> cases) throws IOException, InterruptedException {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (DiffCase c : cases) if (c.code() == null) index.putIfAbsent(c.text(), index.size());
        Map<String, byte[]> bytes = new HashMap<>();
        if (!index.isEmpty()) {
            StringBuilder src = new StringBuilder(".intel_syntax noprefix\n.text\n");
            for (Map.Entry<String, Integer> e : index.entrySet()) {
                src.append("s").append(e.getValue()).append(":\n").append(e.getKey()).append("\ne").append(e.getValue()).append(":\n");
            }
            Path s = work.resolve("cases.s"), o = work.resolve("cases.o"), b = work.resolve("cases.bin");
            Files.writeString(s, src);
            exec("as", "--64", "-o", o.toString(), s.toString());
            exec("objcopy", "-O", "binary", "-j", ".text", o.toString(), b.toString());
            byte[] all = Files.readAllBytes(b);
            Map<String, Long> syms = new HashMap<>();
            for (String line : exec("nm", o.toString()).split("\n")) {
                String[] p = line.trim().split("\\s+");
                if (p.length == 3) syms.put(p[2], Long.parseLong(p[0], 16));
            }
            for (Map.Entry<String, Integer> e : index.entrySet()) {
                int start = (int) (long) syms.get("s" + e.getValue()), end = (int) (long) syms.get("e" + e.getValue());
                bytes.put(e.getKey(), java.util.Arrays.copyOfRange(all, start, end));
            }
        }
        List<byte[]> out = new ArrayList<>(cases.size());
        for (DiffCase c : cases) out.add(c.code() != null ? c.code() : bytes.get(c.text()));
        return out;
    }

    // ------------------------------------------------------------------ native side

    private Path oracle() throws IOException, InterruptedException {
        if (oracle == null) {
            Path src = work.resolve("difftest.c");
            try (InputStream in = DiffRunner.class.getResourceAsStream("/difftest/difftest.c")) {
                if (in == null) throw new IOException("difftest.c resource missing");
                Files.copy(in, src);
            }
            oracle = work.resolve("difftest");
            exec("gcc", "-O1", "-static", "-no-pie", "-o", oracle.toString(), src.toString());
        }
        return oracle;
    }

    private List<Native> runNative(List<DiffCase> cases, List<byte[]> code) throws IOException, InterruptedException {
        Path in = work.resolve("cases.in"), out = work.resolve("cases.out");
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(in), 1 << 20)) {
            ByteBuffer bb = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < cases.size(); k++) {
                DiffCase c = cases.get(k);
                byte[] b = code.get(k);
                os.write(b.length & 0xFF);
                os.write(b.length >> 8);
                os.write(b);
                for (long v : c.r()) writeLong(os, bb, v);
                writeLong(os, bb, c.rflags());
                for (long v : c.xmm()) writeLong(os, bb, v);
                writeLong(os, bb, c.dataSeed());
            }
        }
        Process p = new ProcessBuilder(oracle().toString()).redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("difftest oracle timed out");
        }
        if (p.exitValue() != 0) throw new IOException("difftest oracle failed: exit " + p.exitValue());
        ByteBuffer bb = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        List<Native> result = new ArrayList<>(cases.size());
        for (DiffCase c : cases) {
            if (!bb.hasRemaining()) throw new IOException("oracle output ends early after " + result.size() + " cases");
            int sig = bb.getInt();
            long rip = bb.getLong();
            long[] r = new long[16];
            for (int k = 0; k < 16; k++) r[k] = bb.getLong();
            long flags = bb.getLong();
            long[] xmm = new long[32];
            for (int k = 0; k < 32; k++) xmm[k] = bb.getLong();
            long[] data = initialData(c.dataSeed());
            int n = bb.getInt();
            for (int k = 0; k < n; k++) {
                int w = bb.getShort() & 0xFFFF;
                data[w] = bb.getLong();
            }
            result.add(new Native(sig, rip, r, flags, xmm, data));
        }
        return result;
    }

    private static void writeLong(OutputStream os, ByteBuffer bb, long v) throws IOException {
        bb.putLong(0, v);
        os.write(bb.array(), 0, 8);
    }

    private String exec(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            String text = new String(out, StandardCharsets.UTF_8);
            throw new IOException(String.join(" ", cmd) + " failed:\n" + text.substring(0, Math.min(4000, text.length())));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
