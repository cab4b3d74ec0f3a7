package dev.binfarm.emulator.cpu;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicLong;

import static dev.binfarm.emulator.cpu.Cpu.*;
import static dev.binfarm.emulator.cpu.Ops.*;
import static org.objectweb.asm.Opcodes.*;

/**
 * The second execution tier: translates a hot {@link Block} into a JVM method
 * (one hidden class per block, generated with ASM) so HotSpot compiles guest
 * code to host code.
 *
 * <p>Design, chosen for being simple and obviously correct:
 * <ul>
 * <li>Common integer instructions (register and memory MOVs, ADD/SUB/CMP/
 *     AND/OR/XOR, INC/DEC, LEA, PUSH/POP, TEST, MOVZX/MOVSX, SETcc, CMOVcc,
 *     shifts and rotates by an immediate, IMUL, CALL/RET/JMP/Jcc, indirect
 *     JMP/CALL) are emitted as bytecode with every decoded field a constant.
 *     SSE/MMX instructions that touch only XMM/MMX registers and memory call
 *     the SSE unit directly. Every other instruction is a call to
 *     {@link Interpreter#exec} for that instruction (the flags stored
 *     before), so translation never depends on coverage.</li>
 * <li>Guest registers live in {@code cpu.r}. Within a member, branch-free
 *     instructions keep the registers they touch in locals and store the
 *     changed ones back before a memory access, a call or a transfer (see the
 *     register cache below), so {@code cpu.r} holds the state before every
 *     instruction that can leave. Locals for the whole region (loaded at entry,
 *     stored back at exits and around calls) cost C2 a third more
 *     register-allocation time and made the code slower (emulator README).</li>
 * <li>Flags: the lazy-flags record (kind, size, a, b, result) of the last
 *     flag-setting instruction lives in locals; HotSpot drops the stores
 *     nobody reads. Jcc after CMP/SUB/TEST/AND... decides from those locals
 *     directly; anything else materialises through the interpreter's lazy
 *     fields.</li>
 * <li>Precise faults: every translated instruction does its memory accesses
 *     before it updates any register or local, so when one throws, they still
 *     hold the state before that instruction. One exception handler over the
 *     whole method stores the flag locals back (an interpreter call was handed
 *     the flags before it started: then the CPU fields are already the truth)
 *     and records the instruction index in {@link Cpu#jitIndex}; the run loop
 *     then reports the fault exactly as the interpreter would.</li>
 * <li>Memory: translated loads and stores use only the TLB ({@code GuestMemory.tlbRead64}
 *     and the like). What it cannot serve (a miss, an access crossing a page, a
 *     store to a page holding code, a fault) throws the shared
 *     {@code GuestMemory.MISS}, which HotSpot compiles into a jump to a second
 *     handler: it leaves the region before that instruction (same state as for a
 *     fault) and the run loop interprets that block, which fills the TLB, reports
 *     the fault or drops the code written. A region thus has no call on its
 *     memory paths (see the emulator README for what that saved).</li>
 * <li>Invalidation: the translation belongs to its {@link Block}, so dropping
 *     the block (code page written, unmapped, remapped) drops it. Pages holding
 *     code are never in the write TLB, so a translated store to one leaves
 *     before it; a write by an interpreter call raises {@link Cpu#exitBlock},
 *     which translated code tests after the call and leaves at that
 *     instruction boundary, like the interpreter.</li>
 * </ul>
 *
 * <p>Switch: system property {@code binfarm.jit} = {@code off}, {@code always}
 * (translate on first execution: tests) or a block execution count (default
 * {@value #DEFAULT_THRESHOLD}); per CPU via {@link Cpu#jitThreshold}.
 */
final class Jit {
    private Jit() { }

    /**
     * Interpreted runs of a block before it is translated. Translating a region costs its guest thread about
     * half a millisecond (ASM, then the JVM's verifier), and the JVM interprets the new method's bytecode
     * until C1 compiles it; the interpreter runs a block a thousand times in less. So only blocks that
     * keep running are worth it: 40 translated twice the regions of 1000 (Go bench: 1,543 against 778 per
     * run) for a cold run about a tenth slower (emulator README, session 16).
     */
    static final int DEFAULT_THRESHOLD = 1000;
    static final java.util.Map<String, Integer> STATS = Boolean.getBoolean("binfarm.jit.stats") ? new java.util.concurrent.ConcurrentHashMap<>() : null;
    static {
        if (STATS != null) Runtime.getRuntime().addShutdownHook(new Thread(() -> STATS.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue()).limit(40).forEach(e -> System.err.println("jit fallback " + e))));
    }
    static void countFallback(String key) {
        STATS.merge(key, 1, Integer::sum);
    }

    /** Regions put into service (translated here or taken from {@link SharedTranslations}), and failed translations. */
    static final AtomicLong translated = new AtomicLong(), failures = new AtomicLong();
    /** Translations that joined the cases of a jump table (dispatch part; tests). */
    static final AtomicLong tableRegions = new AtomicLong();
    /** Thread CPU time spent translating (stats only: translation cost, measured under a loaded machine). */
    static final AtomicLong translateNanos = new AtomicLong();
    /** Class file bytes generated (stats). */
    static final AtomicLong classBytes = new AtomicLong();
    private static final java.lang.management.ThreadMXBean THREADS = STATS != null ? java.lang.management.ManagementFactory.getThreadMXBean() : null;
    static {
        if (STATS != null) Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.println("jit translation: "
                + translated.get() + " regions (" + SharedTranslations.hits.get() + " shared), "
                + translateNanos.get() / 1_000_000 + " ms thread CPU, " + classBytes.get() / 1024 + " KiB of classes")));
    }

    /** Stats only (racy counts): region entries, blocks found without an exit link, exit links that named another block. */
    static long entries, unlinked, linkMisses;
    static {
        if (STATS != null) Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.println("jit entries: "
                + entries + ", blocks looked up without a link " + unlinked + ", link misses " + linkMisses)));
    }

    static final java.util.HashMap<Long, long[]> EDGES = new java.util.HashMap<>();
    static synchronized void countEdge(Compiled from, long at) {
        long h = from == null ? 0 : from.all[0].rip;
        long key = h * 1_000_003L + at;
        long[] e = EDGES.get(key);
        if (e == null) {
            EDGES.put(key, e = new long[] {h, at, 0, from == null ? 0 : from.all.length});
            if (from != null) SHAPES.putIfAbsent(h, shape(from.all));
        }
        e[2]++;
    }
    static final java.util.HashMap<Long, String> SHAPES = new java.util.HashMap<>();
    static String shape(Insn[] all) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < all.length; i++) {
            if (i == 0 || all[i].rip != all[i - 1].nextRip || Ops.endsBlock(all[i - 1].op)) sb.append(" [").append(Long.toHexString(all[i].rip));
            if (i == all.length - 1 || all[i + 1].rip != all[i].nextRip || Ops.endsBlock(all[i].op))
                sb.append(" op").append(all[i].op).append(all[i].op == Ops.JCC || all[i].op == Ops.JMP || all[i].op == Ops.CALL ? " ->" + Long.toHexString(all[i].imm) : "").append("]");
        }
        return sb.toString();
    }
    static {
        if (STATS != null) Runtime.getRuntime().addShutdownHook(new Thread(() -> EDGES.values().stream()
                .sorted((a, b) -> Long.compare(b[2], a[2])).limit(60).forEach(e -> System.err.println("jit edge "
                        + Long.toHexString(e[0]) + "(" + e[3] + ") -> " + Long.toHexString(e[1]) + " " + e[2] + SHAPES.get(e[0])))));
    }

    /** -1 = tier off, else the number of interpreted runs of a block before it is translated. */
    static int defaultThreshold() {
        String p = System.getProperty("binfarm.jit", "");
        if (p.isEmpty() || p.equals("on")) return DEFAULT_THRESHOLD;
        if (p.equals("off")) return -1;
        if (p.equals("always")) return 0;
        try {
            return Math.max(-1, Integer.parseInt(p));
        } catch (NumberFormatException e) {
            return DEFAULT_THRESHOLD;
        }
    }

    /** The translation of {@code b}, or null when translation failed (the block stays interpreted). */
    static Compiled compile(Block b, boolean strict) {
        long t0 = STATS != null ? THREADS.getCurrentThreadCpuTime() : 0;
        try {
            Jit.Translator t = new Jit.Translator(b, MAX_MEMBERS, MAX_TABLE_MEMBERS > 0);
            SharedTranslations.Key key = SharedTranslations.ENABLED ? SharedTranslations.key(t.members) : null;
            SharedTranslations.Template shared = key != null ? SharedTranslations.get(key) : null;
            if (shared != null) return instance(shared, t); // another guest translated this very region
            Jit.Translator whole = t;
            byte[] bytes = t.translate();
            // HotSpot does not compile methods over 8000 bytecode bytes (DontCompileHugeMethods): a region
            // that big would run in the JVM's interpreter, so it is made smaller until it fits (no jump-table cases first).
            if (bytes.length > hugeClass && t.tableMembers > 0) {
                t = new Jit.Translator(b, MAX_MEMBERS, false);
                bytes = t.translate();
            }
            for (int m = t.members.size() / 2; bytes.length > hugeClass && m >= 1; m /= 2) {
                t = new Jit.Translator(b, m, false);
                bytes = t.translate();
            }
            MethodHandles.Lookup h = MethodHandles.lookup().defineHiddenClass(bytes, true);
            SharedTranslations.Template made = new SharedTranslations.Template(
                    h.findConstructor(h.lookupClass(), MethodType.methodType(void.class)), t.exits, bytes.length);
            // Only a translation of the whole region is shared: a split one covers fewer members, chosen again
            // from this guest's block graph, which the key does not describe.
            if (key != null && t == whole) SharedTranslations.put(key, made);
            classBytes.addAndGet(bytes.length);
            Compiled c = instance(made, t);
            if (STATS != null) translateNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - t0);
            return c;
        } catch (Throwable t) {
            failures.incrementAndGet();
            if (strict) {
                StringBuilder ops = new StringBuilder();
                for (Insn i : b.insns) ops.append(' ').append(i.op).append('/').append(i.opSize).append('/').append(i.mod);
                throw new IllegalStateException("translation of the block at 0x" + Long.toHexString(b.start) + " (ops" + ops + ") failed: " + t, t);
            }
            return null;
        }
    }

    /** A new instance of a region's class for this guest: its own instructions and exit links. */
    private static Compiled instance(SharedTranslations.Template template, Translator t) throws Throwable {
        Compiled c = (Compiled) template.constructor().invoke();
        c.all = t.insns;
        c.links = new Block[template.exits()];
        c.span = c.all.length;
        translated.incrementAndGet();
        if (t.tableMembers > 0) tableRegions.incrementAndGet();
        return c;
    }

    // ------------------------------------------------------------------ runtime helpers (inlined by HotSpot; cc is a constant)

    /** IMUL r, r/m (, imm) at 4 or 8 bytes: the low product, with the flags set as {@link Arith#imul2} sets them. */
    static long imul(Cpu c, long a, long b, int size) {
        long lo;
        boolean overflow;
        if (size == 4) {
            long p = (long) (int) a * (int) b;
            lo = p;
            overflow = p != (int) p;
        } else {
            lo = a * b;
            overflow = Math.multiplyHigh(a, b) != (lo >> 63);
        }
        long f = Arith.szp(lo, size);
        if (overflow) f |= CF | OF;
        c.setStatus(f);
        return lo;
    }

    /** 1 when {@code a} is below {@code b} unsigned (a carry), else 0. */
    static long below(long a, long b) {
        return Long.compareUnsigned(a, b) < 0 ? 1 : 0;
    }

    /** ROL ({@code left}) / ROR of a zero-extended 4/8-byte value by a non-zero masked count, flags as {@link Shifts#shift}. */
    static long rotate(Cpu c, long a, int n, int size, boolean left) {
        int bits = size << 3;
        long m = Cpu.mask(size), sign = Cpu.signBit(size);
        int r = n & (bits - 1);
        long res, f;
        if (left) {
            res = r == 0 ? a : ((a << r) | (a >>> (bits - r))) & m;
            long cf = res & 1;
            f = (c.rflags() & ~(CF | OF)) | cf | ((((res & sign) != 0 ? 1 : 0) ^ cf) != 0 ? OF : 0);
        } else {
            res = r == 0 ? a : ((a >>> r) | (a << (bits - r))) & m;
            boolean msb = (res & sign) != 0, msb2 = (res & (sign >>> 1)) != 0;
            f = (c.rflags() & ~(CF | OF)) | (msb ? CF : 0) | (msb != msb2 ? OF : 0);
        }
        c.setStatus(f);
        return res;
    }

    /** SHL/SHR/SAR of a zero-extended 4/8-byte value by CL; a zero count changes nothing (flags included). */
    static long shiftCl(Cpu c, long a, int count, int size, int kind) {
        int n = count & (size == 8 ? 63 : 31);
        if (n == 0) return a;
        long res = switch (kind) {
            case F_SHR -> a >>> n;
            case F_SAR -> (Cpu.signExtend(a, size) >> n) & Cpu.mask(size);
            default -> (a << n) & Cpu.mask(size);
        };
        c.setLazy(kind, size, a, n, res);
        return res;
    }

    // ------------------------------------------------------------------ flags part: runtime helpers

    /**
     * CF and OF (as RFLAGS bits) after ROL ({@code left}) / ROR with result {@code res}, as {@link #rotate}
     * computes them. Translated code keeps the rotate's result beside the lazy record of the last flag
     * producer (the rotate leaves ZF/SF/AF/PF alone) and calls this only when the flags are flushed.
     */
    static int rotFlags(long res, int size, boolean left) {
        long sign = Cpu.signBit(size);
        boolean msb = (res & sign) != 0;
        if (left) {
            boolean cf = (res & 1) != 0;
            return (cf ? (int) CF : 0) | (msb != cf ? (int) OF : 0);
        }
        boolean msb2 = (res & (sign >>> 1)) != 0;
        return (msb ? (int) CF : 0) | (msb != msb2 ? (int) OF : 0);
    }

    /**
     * The lazy record is in the CPU's fields: lays over it the CF/OF ({@link #rotFlags}) of the rotate
     * with result {@code res} and {@code code} = size << 1 | left.
     */
    static void applyRot(Cpu c, int code, long res) {
        if (code < 0) return; // already applied (a flush on another path)
        c.setStatus((c.rflags() & ~(CF | OF)) | rotFlags(res, code >> 1, (code & 1) != 0));
    }

    /** ROL of a zero-extended value of {@code size} bytes by {@code r} (0 <= r < bits). */
    static long rol(long a, int r, int size) {
        if (size == 8) return Long.rotateLeft(a, r);
        int bits = size << 3;
        return r == 0 ? a : ((a << r) | (a >>> (bits - r))) & Cpu.mask(size);
    }

    /** ROL/ROR by a CL count: a masked count of zero changes nothing (flags included); else as {@link #rotate}. */
    static long rotateCl(Cpu c, long a, int count, int size, boolean left) {
        int n = count & (size == 8 ? 63 : 31);
        return n == 0 ? a : rotate(c, a, n, size, left);
    }

    /** ROL/ROR by a CL count without the flags (nobody reads them). */
    static long rotCl(long a, int count, int size, boolean left) {
        int bits = size << 3, r = count & (bits - 1);
        return rol(a, left ? r : (bits - r) & (bits - 1), size);
    }

    /** CF after ADC with operand {@code a}, result {@code r} and carry-in {@code cin} (as {@link Cpu#cf}). */
    static long carryAdc(long r, long a, long cin) {
        return (cin != 0 ? Long.compareUnsigned(r, a) <= 0 : Long.compareUnsigned(r, a) < 0) ? 1 : 0;
    }

    /** CF after SBB of {@code a} and {@code b} with carry-in {@code cin}. */
    static long carrySbb(long a, long b, long cin) {
        return (cin != 0 ? Long.compareUnsigned(a, b) <= 0 : Long.compareUnsigned(a, b) < 0) ? 1 : 0;
    }

    // ------------------------------------------------------------------ translator

    /** Pushes the int constant {@code v} with the shortest instruction (the translator and JitSse). */
    static void iconst(MethodVisitor mv, int v) {
        if (v >= -1 && v <= 5) mv.visitInsn(ICONST_0 + v);
        else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) mv.visitIntInsn(BIPUSH, v);
        else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) mv.visitIntInsn(SIPUSH, v);
        else mv.visitLdcInsn(v);
    }

    /** Pushes the long constant {@code v}. */
    static void lconst(MethodVisitor mv, long v) {
        if (v == 0) mv.visitInsn(LCONST_0);
        else if (v == 1) mv.visitInsn(LCONST_1);
        else mv.visitLdcInsn(v);
    }

    private static final String CPU = "dev/binfarm/emulator/cpu/Cpu", INSN = "dev/binfarm/emulator/cpu/Insn";
    private static final String MEM = "dev/binfarm/emulator/mem/GuestMemory", SELF = "dev/binfarm/emulator/cpu/Jit";
    private static final String CPU_D = "L" + CPU + ";";

    // Local variable slots of exec(Cpu c) (slots 2 and 3 are free: they held the head's instructions and a breakpoint limit).
    private static final int L_CPU = 1, L_K = 4, L_FK = 6, L_FSZ = 7;
    private static final int L_FA = 8, L_FB = 10, L_FRES = 12, L_MEM = 14, L_R = 15, L_RET = 16, L_EX = 17;
    private static final int L_T0 = 18, L_T1 = 20, L_T2 = 22;
    /** Register cache: guest register n in long local L_RC + 2n (see Translator.flushRegs). */
    private static final int L_RC = 24;
    /** The lazy carry (CF kept by INC/DEC) that goes with the flag locals. */
    private static final int L_FC = 56;
    /** Instructions completed by earlier iterations of a block that loops to its own start (see backEdge). */
    private static final int L_BASE = L_FC + 2;
    /**
     * Flags part: a ROL/ROR laid over the flag locals' record (L_ROTF: -1 none, else size << 1 | left;
     * L_ROTR its result, CF/OF computed from them only when flushed), and the carry-in of ADC/SBB.
     * Slots far above L_BASE so other parts' new locals do not collide.
     */
    private static final int L_ROTF = L_BASE + 2, L_CIN = L_BASE + 4, L_ROTR = L_BASE + 6; // the budget and dispatch parts use 66-72, JitSse 200-215
    /**
     * Guest instructions a call of a looping region may run before it returns to the run loop anyway (budget,
     * timers and the deadline are checked there).
     */
    static final int LOOP_CAP = 1 << 14;

    /**
     * Most blocks a region joins into one method ({@code binfarm.jit.members}; 1 = block at a time).
     * With every seen successor joining, 4 beat 2 and 8 (cold branch sides took the room, and the compile
     * work grew). With only hot successors joining ({@link #HOT}) within {@link #MAX_REGION_INSNS}, 8
     * members cut the C bench's region entries from 89 M to 16 M and its CPU by 4-8%, but cost gzip 8-12%
     * (6 members: 8%; 4 members within 32 instructions: as before), and the rest stayed within the noise
     * of a shared machine: 4.
     */
    static final int MAX_MEMBERS = Math.max(1, Integer.getInteger("binfarm.jit.members", 4));
    /** Class file size above which the method may be over HotSpot's 8000-byte limit (the pool takes some). */
    static final int HUGE_CLASS = 9000;
    /** The limit {@link #compile} applies: {@link #HUGE_CLASS}, lowered by tests to force a region to be split. */
    static int hugeClass = HUGE_CLASS;
    /** Most instructions in a region (jump-table cases aside: {@link #MAX_TABLE_INSNS}); more grew the compile work. */
    static final int MAX_REGION_INSNS = Integer.getInteger("binfarm.jit.insns", 32);
    /** A block joins a region only when it ran at least 1/HOT as often (interpreted) as the head. */
    static final int HOT = Integer.getInteger("binfarm.jit.hot", 4);
    /** Most cases of a jump table a region joins besides its usual members, and most instructions in them. */
    static final int MAX_TABLE_MEMBERS = Integer.getInteger("binfarm.jit.tableMembers", 16);
    static final int MAX_TABLE_INSNS = Integer.getInteger("binfarm.jit.tableInsns", 64);

    private static final class Translator {
        private final Block b;
        /** The region's instructions: member 0 (the head, {@code b}) first, then the other members in order. */
        final Insn[] insns;
        /** The members and where each one's instructions are in {@link #insns}. */
        final java.util.List<Block> members = new java.util.ArrayList<>();
        private int[] memberStart, memberEnd;
        private Label[] memberLabel;
        /** The member being emitted: its instructions are insns[curStart, curEnd). */
        private int curMember, curStart, curEnd;
        private MethodVisitor mv;
        /**
         * Flag state known at translation time: F_* kind held in the flag locals, -1 when the CPU fields hold
         * it, {@link #DYNAMIC} at the start of a member (L_FK tells at run time: -1 or the kind in the locals).
         */
        private int sKind = -1, sSize;
        private static final int DYNAMIC = -2;
        private final Label exit = new Label();
        /** Loop head of a block whose last instruction jumps back to its start (after the prologue). */
        private final Label top = new Label();

        private final int maxMembers;
        /** Whether the cases of a jump table may join (see region); members that joined that way. */
        private final boolean tables;
        int tableMembers;

        Translator(Block b, int maxMembers, boolean tables) {
            this.b = b;
            this.maxMembers = maxMembers;
            this.tables = tables;
            region();
            int total = 0;
            memberStart = new int[members.size()];
            memberEnd = new int[members.size()];
            memberLabel = new Label[members.size()];
            for (int j = 0; j < members.size(); j++) {
                memberStart[j] = total;
                total += members.get(j).insns.length;
                memberEnd[j] = total;
                memberLabel[j] = j == 0 ? top : new Label();
            }
            insns = new Insn[total];
            for (int j = 0; j < members.size(); j++) {
                Insn[] m = members.get(j).insns;
                System.arraycopy(m, 0, insns, memberStart[j], m.length);
            }
        }

        /**
         * The head plus, breadth first, the blocks execution has already gone on to (the successor links)
         * from a member, those that lead back to the head first: a hot loop spread over several blocks,
         * calls and returns, then runs inside one method. The pages of the other members are recorded on the
         * head ({@link Block#regionPages}), so whatever invalidates a member (a write to, or an unmapping of,
         * its page) invalidates the head and with it the translation.
         */
        private void region() {
            members.add(b);
            int total = b.insns.length, regular = 1, cases = 0; // instructions: all, of the table's cases
            boolean tableDone = !tables;
            // Two passes: first only successors that lead back to the head (the loop the head is in), then the
            // rest. Breadth first alone could spend the member slots on a loop's exit path and leave the loop
            // body split over several regions.
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j < members.size(); j++) {
                    Block m = members.get(j);
                    // The first jump table met (dispatch part): its hot cases join besides the usual members, so a
                    // dispatch loop (interpreter, state machine) stays inside the method; they are small, so the
                    // bytecode stays near that of the usual members.
                    boolean table = pass == 1 && !tableDone && isTable(m);
                    if (table) tableDone = true;
                    Block[] next = successors(m, table);
                    for (int q = 0; q < next.length; q++) {
                        Block s = next[q];
                        boolean isCase = q >= 2;
                        if (s == null || !s.valid || members.contains(s) || !directTarget(m, s.start)) continue;
                        if (pass == 0 && !reaches(s, b, LOOP_DEPTH)) continue;
                        // A successor seen far less often than the head ran (an error path, a loop exit) stays out:
                        // members are for the hot path (HOT 0: all seen successors). Not for a table's cases: they
                        // share the dispatcher's runs, each is cold by itself.
                        if (!isCase && HOT > 0 && (long) s.heat * HOT < b.heat) continue;
                        if (isCase) {
                            if (tableMembers >= MAX_TABLE_MEMBERS || cases + s.insns.length > MAX_TABLE_INSNS) continue;
                            tableMembers++;
                            cases += s.insns.length;
                        } else {
                            if (regular >= maxMembers || total - cases + s.insns.length > MAX_REGION_INSNS) continue;
                            regular++;
                        }
                        members.add(s);
                        total += s.insns.length;
                    }
                }
            }
            long[] pages = new long[2 * members.size()];
            int n = 0;
            for (Block m : members) {
                for (long p : new long[] {m.firstPage, m.lastPage}) {
                    boolean seen = p == b.firstPage || p == b.lastPage;
                    for (int q = 0; q < n && !seen; q++) seen = pages[q] == p;
                    if (!seen) pages[n++] = p;
                }
            }
            b.regionPages = n == 0 ? null : java.util.Arrays.copyOf(pages, n);
        }

        /** Successor links followed looking for the way back to a region's head. */
        private static final int LOOP_DEPTH = 4;

        /** Whether {@code to} is reached from {@code from} within {@code depth} successor links. */
        private static boolean reaches(Block from, Block to, int depth) {
            if (from == to) return true;
            if (depth == 0 || from == null) return false;
            return reaches(from.succ0, to, depth - 1) || reaches(from.succ1, to, depth - 1);
        }

        /** Whether the last instruction of {@code m} continues at {@code at} by a direct branch, call or falling through. */
        private static boolean directTarget(Block m, long at) {
            Insn last = m.insns[m.insns.length - 1];
            return switch (last.op) {
                case JCC -> at == last.imm || at == last.nextRip;
                case JMP, CALL -> at == last.imm;
                case Ops.RET -> true;                         // compared with the popped address at run time
                case JMP_E, CALL_E -> last.opSize == 8;       // the same for the loaded target
                default -> !Ops.endsBlock(last.op) && at == last.nextRip;
            };
        }

        /** Where execution went on from {@code m}: its two successor links, then, with {@code cases}, the jump-table targets it saw. */
        private static Block[] successors(Block m, boolean cases) {
            Block[] ts = cases ? m.targets : null;
            Block[] next = new Block[2 + (ts == null ? 0 : ts.length)];
            next[0] = m.succ0;
            next[1] = m.succ1;
            if (ts != null) System.arraycopy(ts, 0, next, 2, ts.length);
            return next;
        }

        /** Whether {@code m} ends in an indirect jump seen going to several blocks (see {@link Block#targets}). */
        private static boolean isTable(Block m) {
            Insn last = m.insns[m.insns.length - 1];
            return last.op == JMP_E && last.opSize == 8 && m.targets != null;
        }

        /** The member starting at {@code rip}, or -1. */
        private int member(long rip) {
            for (int j = 0; j < members.size(); j++) if (members.get(j).start == rip) return j;
            return -1;
        }

        byte[] translate() {
            // Class file version 49 (dispatch part): no stack map frames, so ASM need not compute them (its
            // dataflow analysis; measured on the Go bench: 15% less translation CPU); the JVM infers types as it verifies.
            ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
            cw.visit(V1_5, ACC_FINAL | ACC_SUPER, "dev/binfarm/emulator/cpu/JitBlock", null, "dev/binfarm/emulator/cpu/Compiled", null);
            MethodVisitor init = cw.visitMethod(0, "<init>", "()V", null, null);
            init.visitCode();
            init.visitVarInsn(ALOAD, 0);
            init.visitMethodInsn(INVOKESPECIAL, "dev/binfarm/emulator/cpu/Compiled", "<init>", "()V", false);
            init.visitInsn(RETURN);
            init.visitMaxs(0, 0);
            init.visitEnd();

            mv = cw.visitMethod(0, "exec", "(" + CPU_D + ")I", null, null);
            mv.visitCode();
            prologue();
            Label start = new Label(), end = new Label(), handler = new Label(), miss = new Label();
            // First: an access the TLB cannot serve (a jump here once HotSpot has inlined the access).
            mv.visitTryCatchBlock(start, end, miss, MEM + "$TlbMiss");
            mv.visitTryCatchBlock(start, end, handler, "java/lang/Throwable");
            mv.visitLabel(start);
            for (int j = 0; j < members.size(); j++) {
                // Every member is entered with the flags in the CPU's fields and cpu.r up to date (see transfer).
                mv.visitLabel(memberLabel[j]);
                sKind = DYNAMIC;
                sSize = 0;
                forgetRegs(); // cpu.r is up to date wherever a member is entered
                curMember = j;
                curStart = memberStart[j];
                curEnd = memberEnd[j];
                for (int k = curStart; k < curEnd; k++) insn(k);
            }
            mv.visitLabel(end);
            // Shared exit: flags back into the CPU, return the count in L_RET.
            mv.visitLabel(exit);
            dynamicFlagFlush();
            mv.visitVarInsn(ILOAD, L_RET);
            mv.visitVarInsn(ILOAD, L_BASE);
            mv.visitInsn(IADD);
            mv.visitVarInsn(ILOAD, L_EXIT); // dispatch part: the exit's link number + 1 (0: none) above the count
            iconst(Compiled.EXIT_SHIFT);
            mv.visitInsn(ISHL);
            mv.visitInsn(IOR);
            mv.visitInsn(IRETURN);
            // TLB miss: leave before instruction L_K (state as before it, like a fault); the run loop interprets it.
            mv.visitLabel(miss);
            mv.visitInsn(POP);
            dynamicFlagFlush();
            mv.visitVarInsn(ALOAD, L_CPU);
            loadInsn();
            mv.visitFieldInsn(PUTFIELD, CPU, "jitInsn", "L" + INSN + ";");
            mv.visitVarInsn(ILOAD, L_K);
            mv.visitVarInsn(ILOAD, L_BASE);
            mv.visitInsn(IADD);
            iconst(Compiled.MISS_EXIT << Compiled.EXIT_SHIFT);
            mv.visitInsn(IOR);
            mv.visitInsn(IRETURN);
            // Fault (or any exception): state as before instruction L_K.
            mv.visitLabel(handler);
            mv.visitVarInsn(ASTORE, L_EX);
            dynamicFlagFlush();
            // The run loop counts jitIndex instructions as completed and reports the fault at jitInsn.
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitVarInsn(ILOAD, L_K);
            mv.visitVarInsn(ILOAD, L_BASE);
            mv.visitInsn(IADD);
            mv.visitFieldInsn(PUTFIELD, CPU, "jitIndex", "I");
            mv.visitVarInsn(ALOAD, L_CPU);
            loadInsn();
            mv.visitFieldInsn(PUTFIELD, CPU, "jitInsn", "L" + INSN + ";");
            mv.visitVarInsn(ALOAD, L_EX);
            mv.visitInsn(ATHROW);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
            cw.visitEnd();
            return cw.toByteArray();
        }

        private void prologue() {
            iconst(0); mv.visitVarInsn(ISTORE, L_K);
            iconst(-1); mv.visitVarInsn(ISTORE, L_FK);
            iconst(0); mv.visitVarInsn(ISTORE, L_FSZ);
            iconst(0); mv.visitVarInsn(ISTORE, L_RET);
            iconst(0); mv.visitVarInsn(ISTORE, L_BASE);
            iconst(0); mv.visitVarInsn(ISTORE, L_EXIT);
            for (int s : new int[] {L_FA, L_FB, L_FRES, L_FC}) { mv.visitInsn(LCONST_0); mv.visitVarInsn(LSTORE, s); }
            flagLocalsInit();
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitFieldInsn(GETFIELD, CPU, "mem", "L" + MEM + ";");
            mv.visitVarInsn(ASTORE, L_MEM);
            roomPrologue(); // budget part
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitFieldInsn(GETFIELD, CPU, "r", "[J");
            mv.visitVarInsn(ASTORE, L_R);
        }

        /** Flag locals into the CPU's lazy fields when they hold the flags (decided at run time: the shared paths). */
        private void dynamicFlagFlush() {
            Label skip = new Label();
            mv.visitVarInsn(ILOAD, L_FK);
            mv.visitJumpInsn(IFLT, skip);
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitVarInsn(ILOAD, L_FK);
            mv.visitFieldInsn(PUTFIELD, CPU, "lazyKind", "I");
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitVarInsn(ILOAD, L_FSZ);
            mv.visitFieldInsn(PUTFIELD, CPU, "lazySize", "I");
            flagFields();
            // A rotate's CF/OF over that record (the overlay lives only while the locals hold the flags).
            mv.visitVarInsn(ILOAD, L_ROTF);
            mv.visitJumpInsn(IFLT, skip);
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitVarInsn(ILOAD, L_ROTF);
            mv.visitVarInsn(LLOAD, L_ROTR);
            mv.visitMethodInsn(INVOKESTATIC, SELF, "applyRot", "(" + CPU_D + "IJ)V", false);
            iconst(-1);
            mv.visitVarInsn(ISTORE, L_ROTF);
            mv.visitLabel(skip);
        }

        private void flagFields() {
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitVarInsn(LLOAD, L_FA);
            mv.visitFieldInsn(PUTFIELD, CPU, "lazyA", "J");
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitVarInsn(LLOAD, L_FB);
            mv.visitFieldInsn(PUTFIELD, CPU, "lazyB", "J");
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitVarInsn(LLOAD, L_FRES);
            mv.visitFieldInsn(PUTFIELD, CPU, "lazyRes", "J");
            // Only INC/DEC records read it; for the other kinds it is a harmless leftover, as in the interpreter.
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitVarInsn(LLOAD, L_FC);
            mv.visitFieldInsn(PUTFIELD, CPU, "lazyCarry", "J");
        }

        /** Hands the flags to the CPU fields now (before an interpreter call or a flag read we do not inline). */
        private void staticFlagFlush() {
            if (sKind == DYNAMIC) {
                // Entered from another member: whoever set the flags last decides where they are.
                dynamicFlagFlush();
                iconst(-1);
                mv.visitVarInsn(ISTORE, L_FK);
                sKind = -1;
                return;
            }
            if (sKind < 0) return;
            mv.visitVarInsn(ALOAD, L_CPU);
            iconst(sKind);
            mv.visitFieldInsn(PUTFIELD, CPU, "lazyKind", "I");
            mv.visitVarInsn(ALOAD, L_CPU);
            iconst(sSize);
            mv.visitFieldInsn(PUTFIELD, CPU, "lazySize", "I");
            flagFields();
            if (overlay) {
                mv.visitVarInsn(ALOAD, L_CPU);
                mv.visitVarInsn(ILOAD, L_ROTF);
                mv.visitVarInsn(LLOAD, L_ROTR);
                mv.visitMethodInsn(INVOKESTATIC, SELF, "applyRot", "(" + CPU_D + "IJ)V", false);
                iconst(-1);
                mv.visitVarInsn(ISTORE, L_ROTF);
                overlay = false;
            }
            iconst(-1);
            mv.visitVarInsn(ISTORE, L_FK);
            sKind = -1;
        }

        // -------------------------------------------------------------- which instructions are emitted natively

        private static boolean size48(Insn i) {
            return i.opSize == 4 || i.opSize == 8;
        }

        private boolean native_(Insn i) {
            int op = i.op;
            if (op == SSE) return JitSse.native_(i); // SSE part
            if (op >= ALU_RR64 && op < ALU_RR64 + 32) return true;
            if (op >= ALU_EG && op < ALU_EG + 24) return true; // 8/16-bit register results merge into the register (writeReg)
            if (nativeOps(i)) return true; // part: ops
            return switch (op) {
                case MOV_RR64, MOV_RR32, LOAD64, LOAD32, STORE64, STORE32, PUSH_R64, POP_R64, Ops.NOP,
                     JMP, CALL, Ops.RET, JCC -> true;
                case JMP_E, CALL_E -> i.opSize == 8;
                case LEA, MOVSXD, CMOVCC -> size48(i);
                case MOV_GE, MOV_EG, MOV_EI -> true;
                case CBW, CWD -> true;
                case NEG -> size48(i) && i.mod == 3;
                case TEST_EG, TEST_EI -> true;
                case SHIFT_CL -> size48(i) && i.mod == 3 && (i.reg >= 4 || i.reg <= 1);
                case NOT -> size48(i) && i.mod == 3;
                case MOVZX8, MOVSX8, MOVZX16, MOVSX16 -> size48(i);
                case SETCC -> i.mod != 3 || (i.prefixes & Insn.P_REX) != 0 || i.rm < 4 || i.rm >= 8;
                case SHIFT_I -> i.mod == 3 && (i.reg >= 4 || i.reg <= 1);
                case IMUL_GE, IMUL_GEI -> size48(i);
                case INC, DEC -> true; // flags part: every size, register or memory
                default -> false;
            };
        }

        /**
         * 0F-map SSE/MMX opcodes that read and write only XMM/MMX registers, MXCSR and memory: no general
         * register written, no RFLAGS read or written, no RIP use (MOVD xmm, r32 reads a GPR, which is in cpu.r).
         */
        private static final String XMM_ONLY = chars(0x10, 0x17) + chars(0x28, 0x29) + "\u002B" + chars(0x51, 0x5F)
                + chars(0x60, 0x6F) + chars(0x70, 0x76) + "\u007F\u00C2\u00C6" + chars(0xD1, 0xD6) + chars(0xD8, 0xDF)
                + chars(0xE0, 0xEF) + chars(0xF1, 0xF6) + chars(0xF8, 0xFE);
        /** Those of them that store to memory (a store can hit a code page). */
        private static final String XMM_STORES = "\u0011\u0013\u0017\u0029\u002B\u007F\u00D6\u00E7";

        private static String chars(int from, int to) {
            StringBuilder sb = new StringBuilder();
            for (int c = from; c <= to; c++) sb.append((char) c);
            return sb.toString();
        }

        private static boolean xmmOnly(Insn i) {
            return i.op == SSE && (i.opcode & 0xF00) == Insn.MAP_0F && XMM_ONLY.indexOf((char) (i.opcode & 0xFF)) >= 0;
        }

        /** The register holding byte register {@code n} (AH..BH are bits 8..15 of RAX..RBX without REX). */
        private static int byteHome(int n, boolean rex) {
            return !rex && n >= 4 && n < 8 ? n - 4 : n;
        }

        // -------------------------------------------------------------- per instruction

        private void insn(int k) {
            Insn i = insns[k];
            iconst(k);
            mv.visitVarInsn(ISTORE, L_K);
            boolean last = k == curEnd - 1;
            if (!native_(i)) {
                dropRegs(); // the SSE unit or the interpreter reads (and may write) cpu.r
                if (xmmOnly(i)) {
                    // Touches XMM/MMX registers and memory only: the flags stay in the locals.
                    mv.visitVarInsn(ALOAD, L_CPU);
                    mv.visitFieldInsn(GETFIELD, CPU, "sse", "Ldev/binfarm/emulator/cpu/Sse;");
                    mv.visitVarInsn(ALOAD, L_CPU);
                    iconst(k);
                    loadInsnAt();
                    mv.visitMethodInsn(INVOKEVIRTUAL, "dev/binfarm/emulator/cpu/Sse", "exec", "(" + CPU_D + "L" + INSN + ";)V", false);
                    if (i.mod != 3 && XMM_STORES.indexOf((char) (i.opcode & 0xFF)) >= 0) exitIfAsked(k + 1, i.nextRip);
                    if (last) setRip(i.nextRip);
                } else {
                    fallback(k, i);
                }
                if (last) { iconst(k + 1); mv.visitVarInsn(ISTORE, L_RET); mv.visitJumpInsn(GOTO, exit); }
                return;
            }
            if (cacheable(i)) {
                if (accessesMemory(i)) flushRegs();
                cacheOn = true;
            } else {
                dropRegs();
            }
            emit(k, i);
            if (last) {
                dropRegs();
                if (!Ops.endsBlock(i.op)) transfer(k, i.nextRip);
                iconst(k + 1);
                mv.visitVarInsn(ISTORE, L_RET);
                mv.visitJumpInsn(GOTO, exit);
            }
        }

        private void fallback(int k, Insn i) {
            if (STATS != null) {
                // Counted when executed, so the list ranks what costs time, not what is merely common.
                mv.visitLdcInsn(i.op + (i.op == SSE || i.op == X87 ? ":" + Integer.toHexString(i.opcode) : "") + "/" + i.opSize + "/" + i.mod);
                mv.visitMethodInsn(INVOKESTATIC, SELF, "countFallback", "(Ljava/lang/String;)V", false);
            }
            staticFlagFlush();
            setRip(i.nextRip);
            mv.visitVarInsn(ALOAD, L_CPU);
            iconst(k);
            loadInsnAt();
            mv.visitMethodInsn(INVOKESTATIC, "dev/binfarm/emulator/cpu/Interpreter", "exec", "(" + CPU_D + "L" + INSN + ";)V", false);
            if (k < curEnd - 1) exitIfAsked(k + 1, -1);
        }

        /** Leaves with count {@code n} and RIP {@code rip} (-1: RIP already set). */
        private void exitAt(int n, long rip) {
            if (rip != -1) setRip(rip);
            iconst(n);
            mv.visitVarInsn(ISTORE, L_RET);
            mv.visitJumpInsn(GOTO, exit);
        }

        /** After a store or an interpreter call: leave at this boundary if code was modified or a stop is pending. */
        private void exitIfAsked(int n, long rip) {
            Label go = new Label();
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitFieldInsn(GETFIELD, CPU, "exitBlock", "Z");
            mv.visitJumpInsn(IFEQ, go);
            exitAt(n, rip);
            mv.visitLabel(go);
        }

        /** Stack: index -> the region's instruction at that index. */
        private void loadInsnAt() {
            mv.visitVarInsn(ALOAD, 0);
            mv.visitFieldInsn(GETFIELD, "dev/binfarm/emulator/cpu/Compiled", "all", "[L" + INSN + ";");
            mv.visitInsn(SWAP);
            mv.visitInsn(AALOAD);
        }

        /** The instruction L_K names. */
        private void loadInsn() {
            mv.visitVarInsn(ILOAD, L_K);
            loadInsnAt();
        }

        private void setRip(long rip) {
            mv.visitVarInsn(ALOAD, L_CPU);
            lconst(rip);
            mv.visitFieldInsn(PUTFIELD, CPU, "rip", "J");
        }

        /** Index of the instruction being emitted (for the branch helpers). */
        private int curK;

        private void emit(int k, Insn i) {
            curK = k;
            int op = i.op;
            if (op == SSE) { sse.emit(i); return; } // SSE part
            if (op >= ALU_RR64 && op < ALU_RR64 + 8) { aluReg(i, op - ALU_RR64, 8, () -> lreg(i.reg)); return; }
            if (op >= ALU_RR32 && op < ALU_RR32 + 8) { aluReg(i, op - ALU_RR32, 4, () -> { lreg(i.reg); mask32(); }); return; }
            if (op >= ALU_RI64 && op < ALU_RI64 + 8) { aluReg(i, op - ALU_RI64, 8, () -> lconst(i.imm)); return; }
            if (op >= ALU_RI32 && op < ALU_RI32 + 8) { aluReg(i, op - ALU_RI32, 4, () -> lconst(i.imm & 0xFFFFFFFFL)); return; }
            if (op >= ALU_EG && op < ALU_EG + 8) { aluE(i, op - ALU_EG, () -> regOperand(i.reg, i.opSize, (i.prefixes & Insn.P_REX) != 0)); return; }
            if (op >= ALU_EI && op < ALU_EI + 8) { aluE(i, op - ALU_EI, () -> lconst(i.imm & Cpu.mask(i.opSize))); return; }
            if (op >= ALU_GE && op < ALU_GE + 8) { aluG(i, op - ALU_GE); return; }
            if (emitOps(k, i)) return; // part: ops
            switch (op) {
                case Ops.NOP -> { }
                case MOV_RR64 -> { lreg(i.reg); sreg(i.rm); }
                case MOV_RR32 -> { lreg(i.reg); mask32(); sreg(i.rm); }
                case LOAD64 -> { load(i, 8); sreg(i.reg); }
                case LOAD32 -> { load(i, 4); sreg(i.reg); }
                case STORE64 -> store(i, 8, () -> lreg(i.reg));
                case STORE32 -> store(i, 4, () -> lreg(i.reg));
                case MOV_GE -> { readRm(i, i.opSize); writeReg(i.reg, i.opSize, rex(i)); }
                case MOV_EG -> writeRm(i, () -> regOperand(i.reg, i.opSize, (i.prefixes & Insn.P_REX) != 0));
                case MOV_EI -> writeRm(i, () -> lconst(i.imm & Cpu.mask(i.opSize)));
                case MOVZX8 -> { readRm(i, 1); truncate(i.opSize); sreg(i.reg); }
                case MOVZX16 -> { readRm(i, 2); truncate(i.opSize); sreg(i.reg); }
                case MOVSX8 -> { readRm(i, 1); mv.visitInsn(L2I); mv.visitInsn(I2B); mv.visitInsn(I2L); truncate(i.opSize); sreg(i.reg); }
                case MOVSX16 -> { readRm(i, 2); mv.visitInsn(L2I); mv.visitInsn(I2S); mv.visitInsn(I2L); truncate(i.opSize); sreg(i.reg); }
                case MOVSXD -> {
                    readRm(i, 4);
                    if (i.opSize == 8) { mv.visitInsn(L2I); mv.visitInsn(I2L); }
                    sreg(i.reg);
                }
                case LEA -> {
                    address(i, false);
                    truncate(i.opSize);
                    sreg(i.reg);
                }
                case TEST_EG, TEST_EI -> {
                    readRm(i, i.opSize);
                    if (op == TEST_EG) regOperand(i.reg, i.opSize, (i.prefixes & Insn.P_REX) != 0);
                    else lconst(i.imm & Cpu.mask(i.opSize));
                    mv.visitInsn(LAND);
                    mv.visitVarInsn(LSTORE, L_FRES);
                    logicOperands();
                    flags(F_LOGIC, i.opSize);
                }
                case PUSH_R64 -> push(i, () -> lreg(i.rm));
                case POP_R64 -> {
                    mv.visitVarInsn(ALOAD, L_MEM);
                    lreg(RSP);
                    memRead(8);
                    mv.visitVarInsn(LSTORE, L_T0);
                    lreg(RSP); lconst(8); mv.visitInsn(LADD); sreg(RSP);
                    mv.visitVarInsn(LLOAD, L_T0);
                    sreg(i.rm);
                }
                case JMP -> transfer(k, i.imm);
                case CALL -> { push(i, () -> lconst(i.nextRip)); transfer(k, i.imm); }
                case Ops.RET -> {
                    mv.visitVarInsn(ALOAD, L_MEM);
                    lreg(RSP);
                    memRead(8);
                    mv.visitVarInsn(LSTORE, L_T0);
                    lreg(RSP); lconst(8); mv.visitInsn(LADD); sreg(RSP);
                    transferTo(k, L_T0);
                }
                case JCC -> jcc(i);
                case JMP_E -> {
                    readRm(i, 8);
                    mv.visitVarInsn(LSTORE, L_T0);
                    transferTo(k, L_T0);
                }
                case CALL_E -> {
                    readRm(i, 8);
                    mv.visitVarInsn(LSTORE, L_T2);
                    push(i, () -> lconst(i.nextRip));
                    transferTo(k, L_T2);
                }
                case CMOVCC -> {
                    readRm(i, i.opSize);
                    mv.visitVarInsn(LSTORE, L_T0);
                    Label no = new Label(), done = new Label();
                    cond(i.opcode & 15);
                    mv.visitJumpInsn(IFEQ, no);
                    mv.visitVarInsn(LLOAD, L_T0);
                    sreg(i.reg);
                    mv.visitJumpInsn(GOTO, done);
                    mv.visitLabel(no);
                    if (i.opSize == 4) { lreg(i.reg); mask32(); sreg(i.reg); }
                    mv.visitLabel(done);
                }
                case SETCC -> {
                    if (i.mod == 3) {
                        int home = byteHome(i.rm, (i.prefixes & Insn.P_REX) != 0);
                        boolean high = home != i.rm;
                        lreg(home);
                        lconst(high ? ~0xFF00L : ~0xFFL);
                        mv.visitInsn(LAND);
                        cond(i.opcode & 15);
                        mv.visitInsn(I2L);
                        if (high) { iconst(8); mv.visitInsn(LSHL); }
                        mv.visitInsn(LOR);
                        sreg(home);
                    } else {
                        mv.visitVarInsn(ALOAD, L_MEM);
                        address(i, true);
                        mv.visitVarInsn(LSTORE, L_T2);
                        mv.visitVarInsn(LLOAD, L_T2);
                        cond(i.opcode & 15);
                        mv.visitInsn(I2L);
                        memWrite(1);
                    }
                }
                case SHIFT_I -> shiftImm(i);
                case NEG -> {
                    mv.visitInsn(LCONST_0);
                    mv.visitVarInsn(LSTORE, L_T0);
                    regOperand(i.rm, i.opSize);
                    mv.visitVarInsn(LSTORE, L_T1);
                    aluCompute(K_SUB, i.opSize, i.rm, true);
                }
                case CBW -> {
                    lreg(RAX);
                    mv.visitInsn(L2I);
                    if (i.opSize == 2) mv.visitInsn(I2B);
                    else if (i.opSize == 4) mv.visitInsn(I2S);
                    mv.visitInsn(I2L);
                    truncate(i.opSize);
                    writeReg(RAX, i.opSize, true);
                }
                case CWD -> {
                    lreg(RAX);
                    if (i.opSize == 8) { iconst(63); mv.visitInsn(LSHR); }
                    else {
                        mv.visitInsn(L2I);
                        if (i.opSize == 2) mv.visitInsn(I2S);
                        iconst(31);
                        mv.visitInsn(ISHR);
                        mv.visitInsn(I2L);
                        truncate(i.opSize);
                    }
                    writeReg(RDX, i.opSize, true);
                }
                case SHIFT_CL -> {
                    if (i.reg <= 1) { rotateCl(i); return; }
                    // A zero count keeps the flags: the CPU's lazy fields hold them on both paths, the locals on neither.
                    staticFlagFlush();
                    mv.visitVarInsn(ALOAD, L_CPU);
                    regOperand(i.rm, i.opSize);
                    lreg(RCX);
                    mv.visitInsn(L2I);
                    iconst(i.opSize);
                    iconst(i.reg == 7 ? F_SAR : i.reg == 5 ? F_SHR : F_SHL);
                    mv.visitMethodInsn(INVOKESTATIC, SELF, "shiftCl", "(" + CPU_D + "JIII)J", false);
                    sreg(i.rm);
                }
                case NOT -> { regOperand(i.rm, i.opSize); lconst(Cpu.mask(i.opSize)); mv.visitInsn(LXOR); sreg(i.rm); }
                case INC, DEC -> incDec(i);
                case IMUL_GE, IMUL_GEI -> {
                    if (flagsDead(k)) {
                        // Nobody sees its flags (a later instruction of the member replaces them first): the product
                        // alone, the flag record left as it is (stale, but unobservable until replaced).
                        readRm(i, i.opSize);
                        if (op == IMUL_GE) regOperand(i.reg, i.opSize);
                        else lconst(i.imm);
                        mv.visitInsn(LMUL);
                        truncate(i.opSize);
                        sreg(i.reg);
                        return;
                    }
                    mv.visitVarInsn(ALOAD, L_CPU);
                    readRm(i, i.opSize);
                    if (op == IMUL_GE) regOperand(i.reg, i.opSize);
                    else lconst(i.imm);
                    iconst(i.opSize);
                    mv.visitMethodInsn(INVOKESTATIC, SELF, "imul", "(" + CPU_D + "JJI)J", false);
                    truncate(i.opSize);
                    sreg(i.reg);
                    // imul set the CPU's flags eagerly: the flag locals are stale now.
                    iconst(-1);
                    mv.visitVarInsn(ISTORE, L_FK);
                    sKind = -1;
                }
                default -> throw new IllegalStateException("op " + op + " marked native but not emitted");
            }
        }

        // ============================================================== part: ops
        // One-operand MUL/IMUL, DIV/IDIV, BSWAP, BT/BTS/BTR/BTC, BSF/BSR/TZCNT/LZCNT/POPCNT, XCHG, CMPXCHG, XADD,
        // PUSH imm, LEAVE (4/8-byte forms). Runtime helpers in JitOps; flags as the interpreter sets them.

        /** The instructions of this part emitted natively. */
        private static boolean nativeOps(Insn i) {
            return switch (i.op) {
                case MUL, IMUL1, DIV, Ops.IDIV, BSWAP, BSF, BSR, TZCNT, LZCNT, POPCNT, XCHG, CMPXCHG, XADD -> size48(i);
                case BT_EG, BTS_EG, BTR_EG, BTC_EG, BT_EI -> size48(i) && i.mod == 3;
                case PUSH_I, LEAVE -> i.opSize == 8;
                default -> false;
            };
        }

        private boolean emitOps(int k, Insn i) {
            switch (i.op) {
                case MUL, IMUL1 -> opsMul(i);
                case DIV, Ops.IDIV -> opsDiv(i);
                case BSWAP -> opsBswap(i);
                case BT_EG, BTS_EG, BTR_EG, BTC_EG, BT_EI -> opsBitTest(i);
                case BSF, BSR, TZCNT, LZCNT, POPCNT -> opsBitScan(i);
                case XCHG -> opsXchg(i);
                case CMPXCHG -> opsCmpxchg(i);
                case XADD -> opsXadd(i);
                case PUSH_I -> push(i, () -> lconst(i.imm));
                case LEAVE -> opsLeave();
                default -> { return false; }
            }
            return true;
        }

        /** A helper set the CPU's status flags eagerly: the flag locals are stale now. */
        private void opsEagerFlags() {
            iconst(-1);
            mv.visitVarInsn(ISTORE, L_FK);
            sKind = -1;
        }

        private void opsCall(String name, String desc) {
            mv.visitMethodInsn(INVOKESTATIC, "dev/binfarm/emulator/cpu/JitOps", name, desc, false);
        }

        /** MUL/IMUL r/m: RDX:RAX = RAX * r/m, flags as {@link Arith#mul} / {@link Arith#imul1} (when anyone sees them). */
        private void opsMul(Insn i) {
            boolean signed = i.op == IMUL1;
            // Flags nobody sees (replaced later in the member before any read): the product only, the flag
            // record left as it is (stale, unobservable until replaced).
            boolean dead = flagsDead(curK);
            readRm(i, i.opSize);
            if (i.opSize == 4) {
                // The 64-bit product of two 32-bit values is exact: one LMUL.
                if (signed) { mv.visitInsn(L2I); mv.visitInsn(I2L); }
                lreg(RAX);
                if (signed) { mv.visitInsn(L2I); mv.visitInsn(I2L); } else mask32();
                mv.visitInsn(LMUL);
                mv.visitVarInsn(LSTORE, L_T0);
                mv.visitVarInsn(LLOAD, L_T0); mask32(); sreg(RAX);
                mv.visitVarInsn(LLOAD, L_T0); iconst(32); mv.visitInsn(LUSHR); sreg(RDX);
                if (dead) return;
                mv.visitVarInsn(ALOAD, L_CPU);
                mv.visitVarInsn(LLOAD, L_T0);
                iconst(4);
                if (signed) {
                    mv.visitVarInsn(LLOAD, L_T0);
                    mv.visitVarInsn(LLOAD, L_T0); mv.visitInsn(L2I); mv.visitInsn(I2L);
                } else {
                    mv.visitVarInsn(LLOAD, L_T0); iconst(32); mv.visitInsn(LUSHR);
                    mv.visitInsn(LCONST_0);
                }
            } else {
                mv.visitVarInsn(LSTORE, L_T1);
                lreg(RAX);
                mv.visitVarInsn(LSTORE, L_T0);
                mv.visitVarInsn(LLOAD, L_T0);
                mv.visitVarInsn(LLOAD, L_T1);
                mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", signed ? "multiplyHigh" : "unsignedMultiplyHigh", "(JJ)J", false);
                mv.visitVarInsn(LSTORE, L_T2);
                mv.visitVarInsn(LLOAD, L_T0); mv.visitVarInsn(LLOAD, L_T1); mv.visitInsn(LMUL); sreg(RAX);
                mv.visitVarInsn(LLOAD, L_T2); sreg(RDX);
                if (dead) return;
                mv.visitVarInsn(ALOAD, L_CPU);
                lreg(RAX);
                iconst(8);
                mv.visitVarInsn(LLOAD, L_T2);
                if (signed) { lreg(RAX); iconst(63); mv.visitInsn(LSHR); } else mv.visitInsn(LCONST_0);
            }
            opsCall("mulFlags", "(" + CPU_D + "JIJJ)V");
            opsEagerFlags();
        }

        /**
         * DIV/IDIV r/m: the helper returns the quotient or raises #DE before any register changes (precise);
         * the remainder is dividend - quotient * divisor (exact in the low 64 bits). Flags stay as they were.
         */
        private void opsDiv(Insn i) {
            boolean signed = i.op == Ops.IDIV;
            readRm(i, i.opSize);
            if (i.opSize == 4) {
                if (signed) { mv.visitInsn(L2I); mv.visitInsn(I2L); }
                mv.visitVarInsn(LSTORE, L_T1);
                lreg(RDX); iconst(32); mv.visitInsn(LSHL);
                lreg(RAX); mask32();
                mv.visitInsn(LOR);
                mv.visitVarInsn(LSTORE, L_T0);
                mv.visitVarInsn(LLOAD, L_T0);
                mv.visitVarInsn(LLOAD, L_T1);
                opsCall(signed ? "idiv32" : "div32", "(JJ)J");
                mv.visitVarInsn(LSTORE, L_T2);
                mv.visitVarInsn(LLOAD, L_T0);
            } else {
                mv.visitVarInsn(LSTORE, L_T1);
                lreg(RDX);
                lreg(RAX);
                mv.visitVarInsn(LLOAD, L_T1);
                opsCall(signed ? "idiv64" : "div64", "(JJJ)J");
                mv.visitVarInsn(LSTORE, L_T2);
                lreg(RAX);
            }
            mv.visitVarInsn(LLOAD, L_T2);
            mv.visitVarInsn(LLOAD, L_T1);
            mv.visitInsn(LMUL);
            mv.visitInsn(LSUB);
            truncate(i.opSize);
            sreg(RDX);
            mv.visitVarInsn(LLOAD, L_T2);
            truncate(i.opSize);
            sreg(RAX);
        }

        private void opsBswap(Insn i) {
            lreg(i.rm);
            if (i.opSize == 8) {
                mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "reverseBytes", "(J)J", false);
            } else {
                mv.visitInsn(L2I);
                mv.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "reverseBytes", "(I)I", false);
                mv.visitInsn(I2L);
                mask32();
            }
            sreg(i.rm);
        }

        /** BT/BTS/BTR/BTC with a register operand: CF = the bit, other flags kept (they are materialised first). */
        private void opsBitTest(Insn i) {
            int size = i.opSize;
            int kind = i.op == BT_EI ? i.reg - 4 : i.op - BT_EG;
            regOperand(i.rm, size);
            mv.visitVarInsn(LSTORE, L_T0);
            if (i.op == BT_EI) {
                lconst(i.imm & ((size << 3) - 1));
            } else {
                lreg(i.reg);
                lconst((size << 3) - 1);
                mv.visitInsn(LAND);
            }
            mv.visitVarInsn(LSTORE, L_T1);
            staticFlagFlush();
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitVarInsn(LLOAD, L_T0);
            mv.visitVarInsn(LLOAD, L_T1); mv.visitInsn(L2I);
            mv.visitInsn(LUSHR);
            lconst(1);
            mv.visitInsn(LAND);
            opsCall("setCf", "(" + CPU_D + "J)V");
            opsEagerFlags();
            if (kind == 0) return;
            mv.visitVarInsn(LLOAD, L_T0);
            lconst(1);
            mv.visitVarInsn(LLOAD, L_T1); mv.visitInsn(L2I);
            mv.visitInsn(LSHL);
            switch (kind) {
                case 1 -> mv.visitInsn(LOR);
                case 2 -> { lconst(-1); mv.visitInsn(LXOR); mv.visitInsn(LAND); }
                default -> mv.visitInsn(LXOR);
            }
            sreg(i.rm);
        }

        /** BSF/BSR/TZCNT/LZCNT/POPCNT: the helper returns the destination and sets all status flags. */
        private void opsBitScan(Insn i) {
            int size = i.opSize;
            if (flagsDead(curK)) {
                // Flags nobody sees: the value alone (the flag record left as it is, unobservable until replaced).
                readRm(i, size);
                switch (i.op) {
                    case BSF, BSR -> { lreg(i.reg); opsCall(i.op == BSF ? "bsfValue" : "bsrValue", "(JJ)J"); }
                    case TZCNT, LZCNT -> { iconst(size << 3); opsCall(i.op == TZCNT ? "tzcntValue" : "lzcntValue", "(JI)J"); }
                    default -> { mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "bitCount", "(J)I", false); mv.visitInsn(I2L); }
                }
                sreg(i.reg);
                return;
            }
            mv.visitVarInsn(ALOAD, L_CPU);
            readRm(i, size);
            switch (i.op) {
                case BSF, BSR -> { lreg(i.reg); opsCall(i.op == BSF ? "bsf" : "bsr", "(" + CPU_D + "JJ)J"); }
                case TZCNT, LZCNT -> { iconst(size << 3); opsCall(i.op == TZCNT ? "tzcnt" : "lzcnt", "(" + CPU_D + "JI)J"); }
                default -> opsCall("popcnt", "(" + CPU_D + "J)J");
            }
            sreg(i.reg);
            opsEagerFlags();
        }

        /** XCHG: with memory, the load and the store happen before the register changes (precise faults). */
        private void opsXchg(Insn i) {
            int size = i.opSize;
            if (i.mod == 3) {
                regOperand(i.reg, size); mv.visitVarInsn(LSTORE, L_T0);
                regOperand(i.rm, size); mv.visitVarInsn(LSTORE, L_T1);
                mv.visitVarInsn(LLOAD, L_T0); sreg(i.rm);
                mv.visitVarInsn(LLOAD, L_T1); sreg(i.reg);
                return;
            }
            address(i, true);
            mv.visitVarInsn(LSTORE, L_T2);
            mv.visitVarInsn(ALOAD, L_MEM); mv.visitVarInsn(LLOAD, L_T2); memRead(size);
            mv.visitVarInsn(LSTORE, L_T1);
            mv.visitVarInsn(ALOAD, L_MEM); mv.visitVarInsn(LLOAD, L_T2); regOperand(i.reg, size); memWrite(size);
            mv.visitVarInsn(LLOAD, L_T1); sreg(i.reg);
        }

        /** The r/m operand into L_T0; a memory operand's address stays in L_T2 for the store back. */
        private void rmToT0(Insn i, int size) {
            if (i.mod != 3) {
                address(i, true);
                mv.visitVarInsn(LSTORE, L_T2);
                mv.visitVarInsn(ALOAD, L_MEM); mv.visitVarInsn(LLOAD, L_T2); memRead(size);
            } else {
                regOperand(i.rm, size);
            }
            mv.visitVarInsn(LSTORE, L_T0);
        }

        /** CMPXCHG as {@link Atomics#cmpxchg}: flags of CMP accumulator, destination, kept in the flag locals. */
        private void opsCmpxchg(Insn i) {
            int size = i.opSize;
            boolean memory = i.mod != 3;
            rmToT0(i, size);
            regOperand(RAX, size);
            mv.visitVarInsn(LSTORE, L_T1);
            Label differ = new Label(), done = new Label();
            mv.visitVarInsn(LLOAD, L_T1);
            mv.visitVarInsn(LLOAD, L_T0);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFNE, differ);
            if (memory) {
                mv.visitVarInsn(ALOAD, L_MEM); mv.visitVarInsn(LLOAD, L_T2); regOperand(i.reg, size); memWrite(size);
            } else {
                regOperand(i.reg, size); sreg(i.rm);
            }
            mv.visitJumpInsn(GOTO, done);
            mv.visitLabel(differ);
            // The locked cycle writes back what it read; the accumulator changes only after that store.
            if (memory) { mv.visitVarInsn(ALOAD, L_MEM); mv.visitVarInsn(LLOAD, L_T2); mv.visitVarInsn(LLOAD, L_T0); memWrite(size); }
            mv.visitVarInsn(LLOAD, L_T0); sreg(RAX);
            mv.visitLabel(done);
            mv.visitVarInsn(LLOAD, L_T1); mv.visitVarInsn(LSTORE, L_FA);
            mv.visitVarInsn(LLOAD, L_T0); mv.visitVarInsn(LSTORE, L_FB);
            mv.visitVarInsn(LLOAD, L_T1); mv.visitVarInsn(LLOAD, L_T0); mv.visitInsn(LSUB); truncate(size);
            mv.visitVarInsn(LSTORE, L_FRES);
            flags(F_SUB, size);
        }

        /** XADD as {@link Atomics#xadd}: flags of ADD destination, source, kept in the flag locals. */
        private void opsXadd(Insn i) {
            int size = i.opSize;
            boolean memory = i.mod != 3;
            rmToT0(i, size);
            regOperand(i.reg, size);
            mv.visitVarInsn(LSTORE, L_T1);
            if (memory) {
                mv.visitVarInsn(ALOAD, L_MEM); mv.visitVarInsn(LLOAD, L_T2);
                mv.visitVarInsn(LLOAD, L_T0); mv.visitVarInsn(LLOAD, L_T1); mv.visitInsn(LADD);
                memWrite(size);
            }
            mv.visitVarInsn(LLOAD, L_T0); mv.visitVarInsn(LLOAD, L_T1); mv.visitInsn(LADD); truncate(size);
            mv.visitVarInsn(LSTORE, L_FRES);
            mv.visitVarInsn(LLOAD, L_T0); sreg(i.reg);
            if (!memory) { mv.visitVarInsn(LLOAD, L_FRES); sreg(i.rm); } // after the source: XADD r, r leaves the sum
            mv.visitVarInsn(LLOAD, L_T0); mv.visitVarInsn(LSTORE, L_FA);
            mv.visitVarInsn(LLOAD, L_T1); mv.visitVarInsn(LSTORE, L_FB);
            flags(F_ADD, size);
        }

        /** LEAVE: RSP = RBP + 8, RBP = [RBP]; the load first (a fault leaves both). */
        private void opsLeave() {
            mv.visitVarInsn(ALOAD, L_MEM);
            lreg(RBP);
            mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "tlbRead64", "(J)J", false);
            mv.visitVarInsn(LSTORE, L_T0);
            lreg(RBP); lconst(8); mv.visitInsn(LADD); sreg(RSP);
            mv.visitVarInsn(LLOAD, L_T0); sreg(RBP);
        }

        // ============================================================== end of part: ops

        private void jcc(Insn i) {
            Label taken = new Label(), done = new Label();
            cond(i.opcode & 15);
            mv.visitJumpInsn(IFNE, taken);
            transfer(curK, i.nextRip);
            mv.visitJumpInsn(GOTO, done);
            mv.visitLabel(taken);
            transfer(curK, i.imm);
            mv.visitLabel(done);
        }

        /**
         * Control goes on at the address in long local {@code slot} (RET, indirect JMP/CALL): a member
         * execution went on to from here before is compared with it; otherwise RIP is set to it.
         */
        private void transferTo(int k, int slot) {
            Label done = new Label(), out = new Label();
            long[] to = inRegionTargets(members.get(curMember));
            if (to.length > 2) {
                // A jump table's cases: one switch on the offset from the lowest (HotSpot makes it a binary search or a table).
                mv.visitVarInsn(LLOAD, slot);
                lconst(to[0]);
                mv.visitInsn(LSUB);
                mv.visitVarInsn(LSTORE, L_OFF);
                mv.visitVarInsn(LLOAD, L_OFF);
                iconst(31);
                mv.visitInsn(LUSHR);
                mv.visitInsn(LCONST_0);
                mv.visitInsn(LCMP);
                mv.visitJumpInsn(IFNE, out);
                mv.visitVarInsn(LLOAD, L_OFF);
                mv.visitInsn(L2I);
                int[] keys = new int[to.length];
                Label[] cases = new Label[to.length];
                for (int j = 0; j < to.length; j++) { keys[j] = (int) (to[j] - to[0]); cases[j] = new Label(); }
                mv.visitLookupSwitchInsn(out, keys, cases);
                for (int j = 0; j < to.length; j++) {
                    mv.visitLabel(cases[j]);
                    transfer(k, to[j]);
                    mv.visitJumpInsn(GOTO, done);
                }
            } else {
                for (long t : to) {
                    Label next = new Label();
                    mv.visitVarInsn(LLOAD, slot);
                    lconst(t);
                    mv.visitInsn(LCMP);
                    mv.visitJumpInsn(IFNE, next);
                    transfer(k, t);
                    mv.visitJumpInsn(GOTO, done);
                    mv.visitLabel(next);
                }
            }
            mv.visitLabel(out);
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitVarInsn(LLOAD, slot);
            mv.visitFieldInsn(PUTFIELD, CPU, "rip", "J");
            // An exit link too: the run loop checks the target it names (the last one, for a call or a return
            // mostly the same) before it looks the address up.
            linkExit();
            mv.visitLabel(done);
        }

        /**
         * Starts of the members an indirect transfer ending {@code m} may continue in inside this method: its
         * successor links and the jump-table cases it saw that joined; ascending, distinct, within 2^31 of the lowest.
         */
        private long[] inRegionTargets(Block m) {
            long[] to = new long[members.size()];
            int n = 0;
            for (Block s : successors(m, isTable(m))) {
                if (s == null || member(s.start) < 0) continue;
                boolean seen = false;
                for (int j = 0; j < n && !seen; j++) seen = to[j] == s.start;
                if (!seen) to[n++] = s.start;
            }
            to = java.util.Arrays.copyOf(to, n);
            java.util.Arrays.sort(to);
            int keep = 0;
            while (keep < n && to[keep] - to[0] >= 0 && to[keep] - to[0] < Integer.MAX_VALUE) keep++;
            return java.util.Arrays.copyOf(to, keep);
        }

        /**
         * Control goes on at {@code target} after instruction {@code k}, the last of its member. When the
         * target is a member of the region (the head included: a loop), continue there inside this method:
         * no trip through the run loop, the flags stay in locals. Only a transfer back (to this member or an
         * earlier one: every cycle among the members has one) tests the budget: the run loop enters a region only
         * with room for a whole pass through it, so another pass starts only while one still fits (see
         * roomPrologue). Otherwise, or when it does not continue, set RIP and fall through to leave.
         */
        private void transfer(int k, long target) {
            int t = member(target);
            if (t < 0) { setRip(target); linkExit(); return; }
            Label leave = new Label();
            if (t <= curMember) {
                // Instructions done by this call so far: k + 1 + L_BASE.
                mv.visitVarInsn(ILOAD, L_BASE);
                iconst(k + 1);
                mv.visitInsn(IADD);
                mv.visitVarInsn(ILOAD, L_ROOM);
                mv.visitJumpInsn(IF_ICMPGT, leave);
            }
            // Another thread wrote code or stopped this one (exitBlock is also set from outside): back to the run loop.
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitFieldInsn(GETFIELD, CPU, "exitBlock", "Z");
            mv.visitJumpInsn(IFNE, leave);
            // Keep "done = L_K + L_BASE" true in the target, whose first index is memberStart[t].
            mv.visitVarInsn(ILOAD, L_BASE);
            iconst(k + 1 - memberStart[t]);
            mv.visitInsn(IADD);
            mv.visitVarInsn(ISTORE, L_BASE);
            // The flags stay where they are (the member starts DYNAMIC).
            mv.visitJumpInsn(GOTO, memberLabel[t]);
            mv.visitLabel(leave);
            setRip(target);
            linkExit();
        }

        // -------------------------------------------------------------- budget part: whole passes

        /** Budget part: the most instructions this call may have done when it starts another pass. */
        private static final int L_ROOM = 66;

        /**
         * Reads the run loop's budget once per call ({@link Cpu#jitRoom}: it does not change while translated
         * code runs). A pass through the members (forward transfers only) does at most the region's instruction
         * count, so another pass may start while the instructions done are at most the room less that count:
         * a call never ends past the budget, and the run loop interprets the budget's last instructions,
         * stopping where the interpreter alone would.
         */
        private void roomPrologue() {
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitFieldInsn(GETFIELD, CPU, "jitRoom", "I");
            iconst(insns.length);
            mv.visitInsn(ISUB);
            mv.visitVarInsn(ISTORE, L_ROOM);
        }

        // -------------------------------------------------------------- dispatch part: exit links

        /**
         * Dispatch part: a jump target's offset from the lowest in-region case (transferTo); the link number + 1
         * of the exit being taken (0: an exit without one), returned above the count.
         */
        private static final int L_OFF = 70, L_EXIT = 72;

        /** Exits numbered so far (the size of {@link Compiled#links}). */
        int exits;

        /** Numbers this exit for the run loop (its {@link Compiled#links} slot); only ever right before leaving. */
        private void linkExit() {
            iconst(++exits);
            mv.visitVarInsn(ISTORE, L_EXIT);
        }

        /**
         * Pushes condition {@code cc} as an int 0/1, from the flag locals when their kind allows it. The tests
         * are plain bytecode compares, not helper calls: C1 (which runs a region until C2 has compiled it, a
         * long time on a busy machine) inlines no method over 35 bytes, so a helper was a real call per Jcc there;
         * C2 folds the 0/1 into the branch that reads it either way.
         */
        private void cond(int cc) {
            if (overlay && sKind >= 0) staticFlagFlush(); // a rotate's CF/OF over the record: let the CPU decide
            int c = cc >> 1, sh = 64 - (sSize << 3);
            boolean not = (cc & 1) != 0;
            if (sKind == F_SUB && (c == 1 || c == 2 || c == 3 || c == 6 || c == 7)) {
                // SUB/CMP a, b: B/BE unsigned, E, L/LE signed at the operand size (compared shifted to the top).
                if (c >= 6) {
                    shifted(L_FA, sh);
                    shifted(L_FB, sh);
                    mv.visitInsn(LCMP);
                } else {
                    mv.visitVarInsn(LLOAD, L_FA);
                    mv.visitVarInsn(LLOAD, L_FB);
                    if (c == 2) mv.visitInsn(LCMP);
                    else mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "compareUnsigned", "(JJ)I", false);
                }
                holds(c == 2 ? IFEQ : c == 1 || c == 6 ? IFLT : IFLE, not);
            } else if (sKind == F_LOGIC && c != 5) {
                // CF = OF = 0: O and B never hold, BE is E, L is S, LE is E or S.
                switch (c) {
                    case 0, 1 -> iconst(not ? 1 : 0);
                    case 2, 3 -> resultIs(IFEQ, 0, not);
                    case 4, 6 -> resultIs(IFLT, sh, not);
                    default -> {
                        Label yes = new Label(), done = new Label();
                        mv.visitVarInsn(LLOAD, L_FRES);
                        mv.visitInsn(LCONST_0);
                        mv.visitInsn(LCMP);
                        mv.visitJumpInsn(IFEQ, yes);
                        shifted(L_FRES, sh);
                        mv.visitInsn(LCONST_0);
                        mv.visitInsn(LCMP);
                        mv.visitJumpInsn(IFLT, yes);
                        iconst(not ? 1 : 0);
                        mv.visitJumpInsn(GOTO, done);
                        mv.visitLabel(yes);
                        iconst(not ? 0 : 1);
                        mv.visitLabel(done);
                    }
                }
            } else if (sKind > 0 && (c == 2 || c == 4)) {
                // ZF and SF come from the result alone, whatever the kind (Cpu.zf/sf): DEC/JNZ, ADD/JS...
                if (c == 2) resultIs(IFEQ, 0, not);
                else resultIs(IFLT, sh, not);
            } else if (cc >> 1 == 1 && (sKind == F_ADD || sKind == F_ADC || sKind == F_SBB || sKind == F_INC || sKind == F_DEC)) {
                // B/AE: the carry the record keeps (ADC/SBB chains, INC/DEC)
                pushCarry();
                mv.visitInsn(L2I);
                if ((cc & 1) != 0) { mv.visitInsn(ICONST_1); mv.visitInsn(IXOR); }
            } else {
                staticFlagFlush();
                mv.visitVarInsn(ALOAD, L_CPU);
                iconst(cc);
                mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "cond", "(I)Z", false);
            }
        }

        /** Pushes long local {@code slot} shifted left by {@code sh} (the operand's sign bit to bit 63). */
        private void shifted(int slot, int sh) {
            mv.visitVarInsn(LLOAD, slot);
            if (sh != 0) { iconst(sh); mv.visitInsn(LSHL); }
        }

        /** Pushes 1 when the flag result (shifted by {@code sh}) compared with 0 passes {@code ifOp}, else 0 ({@code not}: inverted). */
        private void resultIs(int ifOp, int sh, boolean not) {
            shifted(L_FRES, sh);
            mv.visitInsn(LCONST_0);
            mv.visitInsn(LCMP);
            holds(ifOp, not);
        }

        /** Stack: an int compared with 0 by {@code ifOp} (IFEQ, IFLT or IFLE) -> 1 when it holds ({@code not}: when it does not), else 0. */
        private void holds(int ifOp, boolean not) {
            if (not) ifOp = switch (ifOp) { case IFEQ -> IFNE; case IFLT -> IFGE; default -> IFGT; };
            Label yes = new Label(), done = new Label();
            mv.visitJumpInsn(ifOp, yes);
            iconst(0);
            mv.visitJumpInsn(GOTO, done);
            mv.visitLabel(yes);
            iconst(1);
            mv.visitLabel(done);
        }

        /** INC/DEC of a register or memory operand, any size: CF survives (computed from the previous flag record when known). */
        private void incDec(Insn i) {
            int size = i.opSize;
            pushCarry();
            mv.visitVarInsn(LSTORE, L_T1);
            if (i.mod == 3) {
                regOperand(i.rm, size, rex(i));
                mv.visitVarInsn(LSTORE, L_T0);
                mv.visitVarInsn(LLOAD, L_T0);
                lconst(1);
                mv.visitInsn(i.op == INC ? LADD : LSUB);
                truncate(size);
                mv.visitVarInsn(LSTORE, L_T2);
                mv.visitVarInsn(LLOAD, L_T2);
                writeReg(i.rm, size, rex(i));
            } else {
                // Load, store, and only then the flag locals (a faulting access leaves them alone).
                address(i, true);
                mv.visitVarInsn(LSTORE, L_T2);
                mv.visitVarInsn(ALOAD, L_MEM);
                mv.visitVarInsn(LLOAD, L_T2);
                memRead(size);
                mv.visitVarInsn(LSTORE, L_T0);
                mv.visitVarInsn(ALOAD, L_MEM);
                mv.visitVarInsn(LLOAD, L_T2);
                mv.visitVarInsn(LLOAD, L_T0);
                lconst(1);
                mv.visitInsn(i.op == INC ? LADD : LSUB);
                memWrite(size);
                mv.visitVarInsn(LLOAD, L_T0);
                lconst(1);
                mv.visitInsn(i.op == INC ? LADD : LSUB);
                truncate(size);
                mv.visitVarInsn(LSTORE, L_T2);
            }
            mv.visitVarInsn(LLOAD, L_T0); mv.visitVarInsn(LSTORE, L_FA);
            lconst(1); mv.visitVarInsn(LSTORE, L_FB);
            mv.visitVarInsn(LLOAD, L_T2); mv.visitVarInsn(LSTORE, L_FRES);
            mv.visitVarInsn(LLOAD, L_T1); mv.visitVarInsn(LSTORE, L_FC);
            flags(i.op == INC ? F_INC : F_DEC, size);
        }

        /** SHL/SHR/SAL/SAR of a 32/64-bit register by an immediate; flags lazy as in {@link Shifts}. */
        private void shiftImm(Insn i) {
            int size = i.opSize;
            int n = (int) i.imm & (size == 8 ? 63 : 31);
            boolean rex = rex(i);
            regOperand(i.rm, size, rex);
            if (n == 0) { writeReg(i.rm, size, rex); return; } // no flags change; a 32-bit register is still zero-extended
            if (i.reg <= 1 && rotateImm(i, n)) return;
            if (i.reg <= 1) {
                // ROL/ROR: CF and OF eagerly, as the interpreter (they merge into the current flags).
                mv.visitVarInsn(LSTORE, L_T0);
                staticFlagFlush();
                mv.visitVarInsn(ALOAD, L_CPU);
                mv.visitVarInsn(LLOAD, L_T0);
                iconst(n);
                iconst(size);
                iconst(i.reg == 0 ? 1 : 0);
                mv.visitMethodInsn(INVOKESTATIC, SELF, "rotate", "(" + CPU_D + "JIIZ)J", false);
                writeReg(i.rm, size, rex);
                return;
            }
            mv.visitVarInsn(LSTORE, L_T0);
            mv.visitVarInsn(LLOAD, L_T0);
            int kind;
            switch (i.reg) {
                case 5 -> { iconst(n); mv.visitInsn(LUSHR); kind = F_SHR; }
                case 7 -> {
                    if (size == 8) { iconst(n); mv.visitInsn(LSHR); }
                    else {
                        mv.visitInsn(L2I);
                        if (size == 2) mv.visitInsn(I2S);
                        else if (size == 1) mv.visitInsn(I2B);
                        iconst(n);
                        mv.visitInsn(ISHR);
                        mv.visitInsn(I2L);
                    }
                    kind = F_SAR;
                }
                default -> { iconst(n); mv.visitInsn(LSHL); kind = F_SHL; }
            }
            truncate(size);
            mv.visitVarInsn(LSTORE, L_T2);
            mv.visitVarInsn(LLOAD, L_T2);
            writeReg(i.rm, size, rex);
            mv.visitVarInsn(LLOAD, L_T0); mv.visitVarInsn(LSTORE, L_FA);
            lconst(n); mv.visitVarInsn(LSTORE, L_FB);
            mv.visitVarInsn(LLOAD, L_T2); mv.visitVarInsn(LSTORE, L_FRES);
            flags(kind, size);
        }

        private void push(Insn i, Runnable value) {
            mv.visitVarInsn(ALOAD, L_MEM);
            lreg(RSP); lconst(8); mv.visitInsn(LSUB);
            value.run();
            memWrite(8);
            lreg(RSP); lconst(8); mv.visitInsn(LSUB); sreg(RSP);
        }

        /** ALU with a register destination (ALU_RR / ALU_RI forms): destination rm, operand pushed by {@code b}. */
        private void aluReg(Insn i, int kind, int size, Runnable b) {
            carryIn(kind);
            lreg(i.rm);
            if (size == 4) mask32();
            mv.visitVarInsn(LSTORE, L_T0);
            b.run();
            mv.visitVarInsn(LSTORE, L_T1);
            aluCompute(kind, size, i.rm, true);
        }

        /** a in T0, b in T1: result into FRES (and register {@code dst} unless CMP), flag locals set. */
        private void aluCompute(int kind, int size, int dst, boolean rex) {
            mv.visitVarInsn(LLOAD, L_T0);
            mv.visitVarInsn(LLOAD, L_T1);
            aluOp(kind);
            if (size != 8 && kind != K_OR && kind != K_AND && kind != K_XOR) truncate(size);
            mv.visitVarInsn(LSTORE, L_T2);
            if (dst >= 0 && kind != K_CMP) { mv.visitVarInsn(LLOAD, L_T2); writeReg(dst, size, rex); }
            mv.visitVarInsn(LLOAD, L_T2);
            mv.visitVarInsn(LSTORE, L_FRES);
            if (kind == K_ADC || kind == K_SBB) {
                mv.visitVarInsn(LLOAD, L_T0); mv.visitVarInsn(LSTORE, L_FA);
                mv.visitVarInsn(LLOAD, L_T1); mv.visitVarInsn(LSTORE, L_FB);
                mv.visitVarInsn(LLOAD, L_CIN); mv.visitVarInsn(LSTORE, L_FC);
                flags(kind == K_ADC ? F_ADC : F_SBB, size);
            } else if (kind == K_ADD || kind == K_SUB || kind == K_CMP) {
                mv.visitVarInsn(LLOAD, L_T0); mv.visitVarInsn(LSTORE, L_FA);
                mv.visitVarInsn(LLOAD, L_T1); mv.visitVarInsn(LSTORE, L_FB);
                flags(kind == K_ADD ? F_ADD : F_SUB, size);
            } else {
                logicOperands();
                flags(F_LOGIC, size);
            }
        }

        /** ALU_EG / ALU_EI: r/m op= operand (sizes 4 and 8). */
        private void aluE(Insn i, int kind, Runnable b) {
            int size = i.opSize;
            carryIn(kind);
            if (i.mod == 3) {
                regOperand(i.rm, size, (i.prefixes & Insn.P_REX) != 0);
                mv.visitVarInsn(LSTORE, L_T0);
                b.run();
                mv.visitVarInsn(LSTORE, L_T1);
                aluCompute(kind, size, i.rm, rex(i));
                return;
            }
            // Memory destination: load, compute, store, and only then the flag locals (a faulting store leaves them alone).
            address(i, true);
            mv.visitVarInsn(LSTORE, L_T2);
            mv.visitVarInsn(ALOAD, L_MEM);
            mv.visitVarInsn(LLOAD, L_T2);
            memRead(size);
            mv.visitVarInsn(LSTORE, L_T0);
            b.run();
            mv.visitVarInsn(LSTORE, L_T1);
            if (kind != K_CMP) {
                mv.visitVarInsn(ALOAD, L_MEM);
                mv.visitVarInsn(LLOAD, L_T2);
                mv.visitVarInsn(LLOAD, L_T0);
                mv.visitVarInsn(LLOAD, L_T1);
                aluOp(kind);
                memWrite(size);
            }
            aluCompute(kind, size, -1, true);
        }

        /** ALU_GE: reg op= r/m (sizes 4 and 8). */
        private void aluG(Insn i, int kind) {
            int size = i.opSize;
            carryIn(kind);
            readRm(i, size);
            mv.visitVarInsn(LSTORE, L_T1);
            regOperand(i.reg, size, (i.prefixes & Insn.P_REX) != 0);
            mv.visitVarInsn(LSTORE, L_T0);
            aluCompute(kind, size, i.reg, rex(i));
        }

        private void logicOperands() {
            mv.visitInsn(LCONST_0); mv.visitVarInsn(LSTORE, L_FA);
            mv.visitInsn(LCONST_0); mv.visitVarInsn(LSTORE, L_FB);
        }

        private void flags(int kind, int size) {
            // A new record replaces every status flag, a rotate's overlay included.
            if (rotates) { iconst(-1); mv.visitVarInsn(ISTORE, L_ROTF); }
            overlay = false;
            iconst(kind);
            mv.visitVarInsn(ISTORE, L_FK);
            iconst(size);
            mv.visitVarInsn(ISTORE, L_FSZ);
            sKind = kind;
            sSize = size;
        }

        // -------------------------------------------------------------- flags part: liveness, rotates, ADC/SBB, INC/DEC

        /** A ROL/ROR's CF/OF sits in L_ROTF over the flag locals' record (only meaningful while sKind >= 0). */
        private boolean overlay;
        /** Size and direction of the rotate in the overlay (while {@link #overlay}). */
        private int overlaySize;
        private boolean overlayLeft;
        /** The region has rotates that may set L_ROTF (every new flag record then clears it). */
        private boolean rotates;
        /** Per instruction: nobody can observe the flags it writes (see {@link #liveness}); null until asked. */
        private boolean[] flagsDead;

        private void flagLocalsInit() {
            for (Insn i : insns) if (i.op == SHIFT_I && i.reg <= 1 && i.mod == 3) rotates = true;
            iconst(-1);
            mv.visitVarInsn(ISTORE, L_ROTF);
            mv.visitInsn(LCONST_0);
            mv.visitVarInsn(LSTORE, L_CIN);
            mv.visitInsn(LCONST_0);
            mv.visitVarInsn(LSTORE, L_ROTR);
        }

        private static final int FX_NONE = 0, FX_WRITE = 1, FX_READ = 2;

        /**
         * What instruction {@code i} does to the status flags as far as liveness goes: FX_WRITE = replaces
         * all six and reads none, FX_NONE = leaves them alone, FX_READ = anything else. An instruction that
         * may fault counts as a read (the fault shows the flags before it), and so does anything the
         * interpreter runs or this list does not know.
         */
        private int flagEffect(Insn i) {
            if (!native_(i)) return FX_READ;
            int op = i.op;
            boolean reg = i.mod == 3;
            if (op >= ALU_RR64 && op < ALU_RR64 + 32) {
                int kind = (op - ALU_RR64) & 7;
                return kind == K_ADC || kind == K_SBB ? FX_READ : FX_WRITE;
            }
            if (op >= ALU_EG && op < ALU_EG + 24) {
                int kind = (op - ALU_EG) & 7;
                return reg && kind != K_ADC && kind != K_SBB ? FX_WRITE : FX_READ;
            }
            return switch (op) {
                case TEST_EG, TEST_EI, NEG, IMUL_GE, IMUL_GEI -> reg ? FX_WRITE : FX_READ;
                case SHIFT_I -> reg && i.reg >= 4 && (i.imm & (i.opSize == 8 ? 63 : 31)) != 0 ? FX_WRITE : FX_READ;
                case MOV_RR64, MOV_RR32, LEA, Ops.NOP, CBW, CWD -> FX_NONE;
                case MOV_GE, MOV_EG, MOV_EI, MOVZX8, MOVZX16, MOVSX8, MOVSX16, MOVSXD, NOT -> reg ? FX_NONE : FX_READ;
                default -> FX_READ;
            };
        }

        /**
         * Backward pass over each member: an instruction's flag output is dead when a later instruction of
         * the same member replaces all of them before anything can read them. The member's end reads them
         * (the next member, the run loop). Inside a member only an instruction that counts as a read (a
         * store, an interpreter call, anything that may fault) can be followed by a stop, and a breakpoint
         * never stops translated code (the run loop interprets a block holding one), so the head is no
         * different from the other members.
         */
        private boolean[] liveness() {
            boolean[] dead = new boolean[insns.length];
            for (int j = 0; j < members.size(); j++) {
                boolean live = true;
                for (int k = memberEnd[j] - 1; k >= memberStart[j]; k--) {
                    dead[k] = !live;
                    int fx = flagEffect(insns[k]);
                    if (fx == FX_READ) live = true;
                    else if (fx == FX_WRITE) live = false;
                }
            }
            return dead;
        }

        private boolean flagsDead(int k) {
            if (flagsDead == null) flagsDead = liveness();
            return flagsDead[k];
        }

        /**
         * ROL/ROR by a non-zero masked immediate {@code n}, the operand on the stack. With dead flags a plain
         * rotate; with the flag record in the locals the rotate's CF/OF go into L_ROTF beside it (nothing
         * materialised). False (operand still on the stack): the flags are in the CPU, use the eager path.
         */
        private boolean rotateImm(Insn i, int n) {
            int size = i.opSize, bits = size << 3;
            boolean dead = flagsDead(curK);
            if (!dead && sKind < 0) return false;
            int r = n & (bits - 1), left = i.reg == 0 ? r : (bits - r) & (bits - 1);
            // 4 and 8 bytes through the JDK's rotates (small enough for C1 to inline too; rol is not).
            if (size == 8) {
                iconst(left);
                mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "rotateLeft", "(JI)J", false);
            } else if (size == 4) {
                mv.visitInsn(L2I);
                iconst(left);
                mv.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "rotateLeft", "(II)I", false);
                mv.visitInsn(I2L);
                mask32();
            } else {
                iconst(left);
                iconst(size);
                mv.visitMethodInsn(INVOKESTATIC, SELF, "rol", "(JII)J", false);
            }
            mv.visitVarInsn(LSTORE, L_T2);
            mv.visitVarInsn(LLOAD, L_T2);
            writeReg(i.rm, size, rex(i));
            if (!dead) {
                mv.visitVarInsn(LLOAD, L_T2);
                mv.visitVarInsn(LSTORE, L_ROTR);
                iconst(size << 1 | (i.reg == 0 ? 1 : 0));
                mv.visitVarInsn(ISTORE, L_ROTF);
                overlay = true;
                overlaySize = size;
                overlayLeft = i.reg == 0;
            }
            return true;
        }

        /** ROL/ROR of a 4/8-byte register by CL: flags skipped when dead, else eagerly (a zero count keeps them). */
        private void rotateCl(Insn i) {
            int size = i.opSize;
            boolean dead = flagsDead(curK);
            if (!dead) staticFlagFlush();
            if (!dead) mv.visitVarInsn(ALOAD, L_CPU);
            regOperand(i.rm, size);
            lreg(RCX);
            mv.visitInsn(L2I);
            iconst(size);
            iconst(i.reg == 0 ? 1 : 0);
            if (dead) mv.visitMethodInsn(INVOKESTATIC, SELF, "rotCl", "(JIIZ)J", false);
            else mv.visitMethodInsn(INVOKESTATIC, SELF, "rotateCl", "(" + CPU_D + "JIIZ)J", false);
            sreg(i.rm);
        }

        /** Pushes CF as a long 0/1: from the flag locals when their kind tells it, else from the CPU. */
        private void pushCarry() {
            if (overlay && sKind >= 0) {
                // The rotate's CF: bit 0 of the result after ROL, its top bit after ROR.
                mv.visitVarInsn(LLOAD, L_ROTR);
                if (!overlayLeft) { iconst((overlaySize << 3) - 1); mv.visitInsn(LUSHR); }
                lconst(1);
                mv.visitInsn(LAND);
                return;
            }
            switch (sKind) {
                case F_SUB -> {
                    mv.visitVarInsn(LLOAD, L_FA);
                    mv.visitVarInsn(LLOAD, L_FB);
                    mv.visitMethodInsn(INVOKESTATIC, SELF, "below", "(JJ)J", false);
                }
                case F_ADD -> {
                    mv.visitVarInsn(LLOAD, L_FRES);
                    mv.visitVarInsn(LLOAD, L_FA);
                    mv.visitMethodInsn(INVOKESTATIC, SELF, "below", "(JJ)J", false);
                }
                case F_LOGIC -> mv.visitInsn(LCONST_0);
                case F_INC, F_DEC -> mv.visitVarInsn(LLOAD, L_FC);
                case F_ADC -> {
                    mv.visitVarInsn(LLOAD, L_FRES);
                    mv.visitVarInsn(LLOAD, L_FA);
                    mv.visitVarInsn(LLOAD, L_FC);
                    mv.visitMethodInsn(INVOKESTATIC, SELF, "carryAdc", "(JJJ)J", false);
                }
                case F_SBB -> {
                    mv.visitVarInsn(LLOAD, L_FA);
                    mv.visitVarInsn(LLOAD, L_FB);
                    mv.visitVarInsn(LLOAD, L_FC);
                    mv.visitMethodInsn(INVOKESTATIC, SELF, "carrySbb", "(JJJ)J", false);
                }
                default -> {
                    staticFlagFlush();
                    mv.visitVarInsn(ALOAD, L_CPU);
                    mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "cf", "()Z", false);
                    mv.visitInsn(I2L);
                }
            }
        }

        /** ADC/SBB: the carry-in into L_CIN before the instruction touches anything. */
        private void carryIn(int kind) {
            if (kind != K_ADC && kind != K_SBB) return;
            pushCarry();
            mv.visitVarInsn(LSTORE, L_CIN);
        }

        /** Stack: a, b (longs) -> a op b, untruncated (ADC/SBB add / subtract L_CIN too). */
        private void aluOp(int kind) {
            switch (kind) {
                case K_ADD -> mv.visitInsn(LADD);
                case K_OR -> mv.visitInsn(LOR);
                case K_AND -> mv.visitInsn(LAND);
                case K_XOR -> mv.visitInsn(LXOR);
                case K_ADC -> { mv.visitInsn(LADD); mv.visitVarInsn(LLOAD, L_CIN); mv.visitInsn(LADD); }
                case K_SBB -> { mv.visitInsn(LSUB); mv.visitVarInsn(LLOAD, L_CIN); mv.visitInsn(LSUB); }
                default -> mv.visitInsn(LSUB);
            }
        }

        // -------------------------------------------------------------- operands

        /** Register {@code n} at 4 or 8 bytes. */
        private void regOperand(int n, int size) {
            regOperand(n, size, true);
        }

        private void regOperand(int n, int size, boolean rex) {
            if (size == 1 && byteHome(n, rex) != n) {
                lreg(n - 4);
                iconst(8);
                mv.visitInsn(LUSHR);
                lconst(0xFF);
                mv.visitInsn(LAND);
                return;
            }
            lreg(n);
            truncate(size);
        }

        /** Pushes the r/m operand at {@code size} bytes, zero-extended (register forms: sizes 1 only with REX-style numbering). */
        private void readRm(Insn i, int size) {
            if (i.mod == 3) {
                regOperand(i.rm, size, (i.prefixes & Insn.P_REX) != 0);
            } else {
                load(i, size);
            }
        }

        private void writeRm(Insn i, Runnable value) {
            if (i.mod == 3) {
                value.run();
                truncate(i.opSize);
                writeReg(i.rm, i.opSize, rex(i));
            } else {
                store(i, i.opSize, value);
            }
        }

        private void load(Insn i, int size) {
            mv.visitVarInsn(ALOAD, L_MEM);
            address(i, true);
            memRead(size);
        }

        /** Stack: mem, address (J) -> the value (J), zero-extended. */
        private void memRead(int size) {
            readCall(size);
        }

        private void store(Insn i, int size, Runnable value) {
            mv.visitVarInsn(ALOAD, L_MEM);
            address(i, true);
            value.run();
            memWrite(size);
        }

        /** Stack: mem, address (J), value (J). */
        private void memWrite(int size) {
            writeCall(size);
        }

        // -------------------------------------------------------------- part: guest memory access
        // Loads and stores call GuestMemory's tlbRead8..tlbWrite64: a TLB hit, or the shared MISS thrown to the
        // region's miss handler, small enough for HotSpot to inline at every site (no call is left on the path).
        // Emitting the TLB test in the region method itself was measured (thread CPU s, sqlite3 CTE: calls
        // 9.33 / 9.45, inline 9.76 / 9.89; Go 10.9 vs 14.2): region methods got ~40% more bytecode (longer C2
        // compiles, more regions split at HUGE_CLASS) for accesses HotSpot already inlined, so it was dropped.

        /** Stack: mem, address (J) -> the value (J), zero-extended, read through the TLB. */
        private void readCall(int size) {
            if (size == 8) mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "tlbRead64", "(J)J", false);
            else mv.visitMethodInsn(INVOKEVIRTUAL, MEM, size == 4 ? "tlbRead32" : size == 2 ? "tlbRead16" : "tlbRead8", "(J)I", false);
            if (size != 8) mv.visitInsn(I2L);
            if (size == 4) mask32();
        }

        /** Stack: mem, address (J), value (J): written through the TLB. */
        private void writeCall(int size) {
            if (size == 8) {
                mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "tlbWrite64", "(JJ)V", false);
            } else {
                mv.visitInsn(L2I);
                mv.visitMethodInsn(INVOKEVIRTUAL, MEM, size == 4 ? "tlbWrite32" : size == 2 ? "tlbWrite16" : "tlbWrite8", "(JI)V", false);
            }
        }

        // -------------------------------------------------------------- end of part: guest memory access

        /** The memory operand's address ({@link Cpu#ea}); LEA ignores segment bases. */
        private void address(Insn i, boolean segments) {
            lconst(i.disp);
            if (i.base >= 0) { lreg(i.base); mv.visitInsn(LADD); }
            if (i.index >= 0) {
                lreg(i.index);
                if (i.scale > 0) { iconst(i.scale); mv.visitInsn(LSHL); }
                mv.visitInsn(LADD);
            }
            if (i.addrSize == 4) mask32();
            if (segments && i.seg == Insn.SEG_FS) {
                mv.visitVarInsn(ALOAD, L_CPU);
                mv.visitFieldInsn(GETFIELD, CPU, "fsBase", "J");
                mv.visitInsn(LADD);
            } else if (segments && i.seg == Insn.SEG_GS) {
                mv.visitVarInsn(ALOAD, L_CPU);
                mv.visitFieldInsn(GETFIELD, CPU, "gsBase", "J");
                mv.visitInsn(LADD);
            }
        }

        private void truncate(int size) {
            if (size == 8) return;
            lconst(Cpu.mask(size));
            mv.visitInsn(LAND);
        }

        private void mask32() {
            lconst(0xFFFFFFFFL);
            mv.visitInsn(LAND);
        }

        // -------------------------------------------------------------- register cache
        // Within a member, the registers an instruction reads and writes are kept in long locals (L_RC + 2n) and
        // written back to cpu.r only before an instruction that may leave (a memory access, which can miss or
        // fault; a call; a transfer) and at the member's end, so cpu.r always holds the state before the
        // instruction that leaves, as the handlers need. Only instructions without branches around a register
        // write use it (cacheable), so the state below is the same on every path through an instruction.

        private static final int UNCACHED = 0, CLEAN = 1, DIRTY = 2;
        private final byte[] regState = new byte[16];
        private boolean cacheOn;

        /** Writes the cached registers this member changed back to cpu.r; they stay cached. */
        private void flushRegs() {
            for (int n = 0; n < 16; n++) {
                if (regState[n] != DIRTY) continue;
                mv.visitVarInsn(ALOAD, L_R);
                iconst(n);
                mv.visitVarInsn(LLOAD, L_RC + 2 * n);
                mv.visitInsn(LASTORE);
                regState[n] = CLEAN;
            }
        }

        /** Writes back and forgets the cache: what follows reads and writes cpu.r (a call may change it). */
        private void dropRegs() {
            flushRegs();
            forgetRegs();
        }

        private void forgetRegs() {
            java.util.Arrays.fill(regState, (byte) UNCACHED);
            cacheOn = false;
        }

        /** Register-only or a plain access: no branch around a register write, nothing that reads cpu.r. */
        private static boolean cacheable(Insn i) {
            int op = i.op;
            if (op >= ALU_RR64 && op < ALU_RR64 + 32) return true;
            if (op >= ALU_EG && op < ALU_EG + 24) return true;
            return switch (op) {
                case Ops.NOP, MOV_RR64, MOV_RR32, LOAD64, LOAD32, STORE64, STORE32, MOV_GE, MOV_EG, MOV_EI,
                     MOVZX8, MOVZX16, MOVSX8, MOVSX16, MOVSXD, LEA, TEST_EG, TEST_EI, PUSH_R64, POP_R64, PUSH_I,
                     LEAVE, SHIFT_I, SHIFT_CL, NEG, NOT, INC, DEC, CBW, CWD, SETCC, IMUL_GE, IMUL_GEI, MUL, IMUL1,
                     BSWAP, BT_EG, BTS_EG, BTR_EG, BTC_EG, BT_EI, BSF, BSR, TZCNT, LZCNT, POPCNT, XCHG, XADD -> true;
                default -> false;
            };
        }

        /** Whether a cacheable instruction accesses memory (and so may leave through a handler). */
        private static boolean accessesMemory(Insn i) {
            return switch (i.op) {
                case PUSH_R64, POP_R64, PUSH_I, LEAVE -> true;
                case LEA -> false;
                default -> i.mod != 3;
            };
        }

        private void lreg(int n) {
            if (cacheOn && regState[n] != UNCACHED) { mv.visitVarInsn(LLOAD, L_RC + 2 * n); return; }
            mv.visitVarInsn(ALOAD, L_R);
            iconst(n);
            mv.visitInsn(LALOAD);
            if (cacheOn) { mv.visitInsn(DUP2); mv.visitVarInsn(LSTORE, L_RC + 2 * n); regState[n] = CLEAN; }
        }

        private static boolean rex(Insn i) {
            return (i.prefixes & Insn.P_REX) != 0;
        }

        /**
         * Stores the value on the stack (already truncated to {@code size}) into register {@code n} as the CPU
         * does: 8 bytes whole, 4 zero-extended, 2 and 1 merged into the low word / byte (AH..BH without REX).
         */
        private void writeReg(int n, int size, boolean rex) {
            if (size == 2 || size == 1) {
                int home = size == 1 ? byteHome(n, rex) : n;
                boolean high = home != n;
                if (high) { iconst(8); mv.visitInsn(LSHL); }
                lreg(home);
                lconst(size == 2 ? ~0xFFFFL : high ? ~0xFF00L : ~0xFFL);
                mv.visitInsn(LAND);
                mv.visitInsn(LOR);
                sreg(home);
                return;
            }
            sreg(n);
        }

        /** Stack: the value (J) -> nothing; register {@code n} holds it. */
        private void sreg(int n) {
            if (cacheOn) { mv.visitVarInsn(LSTORE, L_RC + 2 * n); regState[n] = DIRTY; return; }
            mv.visitVarInsn(ALOAD, L_R);
            iconst(n);
            mv.visitInsn(DUP2_X2); // value, r, n -> r, n, value, r, n
            mv.visitInsn(POP2);
            mv.visitInsn(LASTORE);
        }

        private void iconst(int v) {
            Jit.iconst(mv, v);
        }

        private void lconst(long v) {
            Jit.lconst(mv, v);
        }

        // -------------------------------------------------------------- SSE part: the emitters are in JitSse

        private final JitSse sse = new JitSse(new JitSse.Host() {
            @Override public MethodVisitor mv() { return mv; }
            @Override public void address(Insn i) { Translator.this.address(i, true); }
            @Override public void lreg(int n) { Translator.this.lreg(n); }
            @Override public void sreg(int n) { Translator.this.sreg(n); }
            @Override public void staticFlagFlush() { Translator.this.staticFlagFlush(); }
        }, L_CPU, L_MEM);
    }
}
