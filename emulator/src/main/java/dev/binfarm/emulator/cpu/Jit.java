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
 *     {@link Interpreter#exec} for that instruction (dirty registers and the
 *     flags stored before, registers reloaded after), so translation never
 *     depends on coverage.</li>
 * <li>Guest registers a block uses live in JVM locals: loaded from
 *     {@code cpu.r} at entry, stored back at every exit and around interpreter
 *     calls.</li>
 * <li>Flags: the lazy-flags record (kind, size, a, b, result) of the last
 *     flag-setting instruction lives in locals too; HotSpot drops the stores
 *     nobody reads. Jcc after CMP/SUB/TEST/AND... decides from those locals
 *     directly; anything else materialises through the interpreter's lazy
 *     fields.</li>
 * <li>Precise faults: every translated instruction does its memory accesses
 *     before it updates any local, so when one throws, the locals still hold
 *     the state before that instruction. One exception handler over the whole
 *     method stores them back (unless an interpreter call was in progress, in
 *     which case the CPU fields are already the truth) and records the
 *     instruction index in {@link Cpu#jitIndex}; the run loop then reports the
 *     fault exactly as the interpreter would.</li>
 * <li>Invalidation: the translation belongs to its {@link Block}, so dropping
 *     the block (code page written, unmapped, remapped) drops it. A write to a
 *     code page raises {@link Cpu#exitBlock}; translated code tests it after
 *     every store and interpreter call and leaves at that instruction
 *     boundary, like the interpreter.</li>
 * </ul>
 *
 * <p>Switch: system property {@code binfarm.jit} = {@code off}, {@code always}
 * (translate on first execution: tests) or a block execution count (default
 * {@value #DEFAULT_THRESHOLD}); per CPU via {@link Cpu#jitThreshold}.
 */
final class Jit {
    private Jit() { }

    static final int DEFAULT_THRESHOLD = 40;
    static final java.util.Map<String, Integer> STATS = Boolean.getBoolean("binfarm.jit.stats") ? new java.util.concurrent.ConcurrentHashMap<>() : null;
    static {
        if (STATS != null) Runtime.getRuntime().addShutdownHook(new Thread(() -> STATS.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue()).limit(40).forEach(e -> System.err.println("jit fallback " + e))));
    }
    static void countFallback(String key) {
        STATS.merge(key, 1, Integer::sum);
    }

    static final AtomicLong translated = new AtomicLong(), failures = new AtomicLong();

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
        try {
            Jit.Translator t = new Jit.Translator(b, MAX_MEMBERS);
            byte[] bytes = t.translate();
            // HotSpot does not compile methods over 8000 bytecode bytes (DontCompileHugeMethods): a region
            // that big would run in the JVM's interpreter, so it is made smaller until it fits.
            for (int m = t.members.size() / 2; bytes.length > HUGE_CLASS && m >= 1; m /= 2) {
                t = new Jit.Translator(b, m);
                bytes = t.translate();
            }
            MethodHandles.Lookup h = MethodHandles.lookup().defineHiddenClass(bytes, true);
            Compiled c = (Compiled) h.findConstructor(h.lookupClass(), MethodType.methodType(void.class)).invoke();
            c.all = t.insns;
            translated.incrementAndGet();
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

    // ------------------------------------------------------------------ runtime helpers (inlined by HotSpot; cc is a constant)

    /** Condition {@code cc} after SUB/CMP of {@code a} and {@code b} (both truncated to the operand size; sh = 64 - bits). */
    static boolean condSub(int cc, int sh, long a, long b) {
        boolean v = switch (cc >> 1) {
            case 1 -> Long.compareUnsigned(a, b) < 0;
            case 2 -> a == b;
            case 3 -> Long.compareUnsigned(a, b) <= 0;
            case 6 -> (a << sh) < (b << sh);
            default -> (a << sh) <= (b << sh); // 7; callers send only 1, 2, 3, 6, 7
        };
        return v ^ ((cc & 1) != 0);
    }

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

    /** Condition {@code cc} after a logic operation with result {@code r}. */
    static boolean condLogic(int cc, long sign, long r) {
        boolean neg = (r & sign) != 0;
        boolean v = switch (cc >> 1) {
            case 0, 1 -> false;
            case 2, 3 -> r == 0;
            case 4, 6 -> neg;
            default -> r == 0 || neg; // 7; never 5 (parity)
        };
        return v ^ ((cc & 1) != 0);
    }

    // ------------------------------------------------------------------ translator

    private static final String CPU = "dev/binfarm/emulator/cpu/Cpu", INSN = "dev/binfarm/emulator/cpu/Insn";
    private static final String MEM = "dev/binfarm/emulator/mem/GuestMemory", SELF = "dev/binfarm/emulator/cpu/Jit";
    private static final String CPU_D = "L" + CPU + ";";

    // Local variable slots of exec(Cpu c, Insn[] insns, int limit).
    private static final int L_CPU = 1, L_INSNS = 2, L_LIMIT = 3, L_K = 4, L_SYNC = 5, L_FK = 6, L_FSZ = 7;
    private static final int L_FA = 8, L_FB = 10, L_FRES = 12, L_MEM = 14, L_R = 15, L_RET = 16, L_EX = 17;
    private static final int L_T0 = 18, L_T1 = 20, L_T2 = 22, L_REG0 = 24;
    /** The lazy carry (CF kept by INC/DEC) that goes with the flag locals. */
    private static final int L_FC = L_REG0 + 32;
    /** Instructions completed by earlier iterations of a block that loops to its own start (see backEdge). */
    private static final int L_BASE = L_FC + 2;
    /**
     * Guest instructions a self-looping block may run before it returns to the run loop anyway (budget,
     * timers and the deadline are checked there; the overshoot is deterministic and small next to a quantum).
     */
    static final int LOOP_CAP = 1 << 14;

    /**
     * Most blocks a region joins into one method ({@code binfarm.jit.members}; 1 = block at a time).
     * Measured: 4 beats 2 and 8 (each hot block heads its own region, so larger regions mostly add
     * compile work on a machine with few cores).
     */
    static final int MAX_MEMBERS = Math.max(1, Integer.getInteger("binfarm.jit.members", 4));
    /** Class file size above which the method may be over HotSpot's 8000-byte limit (the pool takes some). */
    static final int HUGE_CLASS = 9000;
    /** Most instructions in a region. */
    static final int MAX_REGION_INSNS = 256;

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
        private final boolean[] used = new boolean[16], written = new boolean[16];
        /**
         * Flag state known at translation time: F_* kind held in the flag locals, -1 when the CPU fields hold
         * it, {@link #DYNAMIC} at the start of a member (L_FK tells at run time: -1 or the kind in the locals).
         */
        private int sKind = -1, sSize;
        private static final int DYNAMIC = -2;
        private final Label exit = new Label();
        /** Loop head of a block whose last instruction jumps back to its start (after the prologue). */
        private final Label top = new Label();
        /** Some instruction calls the interpreter or the SSE unit (they read registers from {@code cpu.r}). */
        private boolean calls;

        private final int maxMembers;

        Translator(Block b, int maxMembers) {
            this.b = b;
            this.maxMembers = maxMembers;
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
         * from a member: a hot loop spread over several blocks, calls and returns, then runs inside one
         * method. The pages of the other members are recorded on the head ({@link Block#regionPages}), so
         * whatever invalidates a member (a write to, or an unmapping of, its page) invalidates the head and
         * with it the translation.
         */
        private void region() {
            members.add(b);
            int total = b.insns.length;
            for (int j = 0; j < members.size() && members.size() < maxMembers; j++) {
                Block m = members.get(j);
                for (Block s : new Block[] {m.succ0, m.succ1}) {
                    if (s == null || !s.valid || members.contains(s) || !directTarget(m, s.start)) continue;
                    if (members.size() >= maxMembers || total + s.insns.length > MAX_REGION_INSNS) continue;
                    members.add(s);
                    total += s.insns.length;
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

        /** The member starting at {@code rip}, or -1. */
        private int member(long rip) {
            for (int j = 0; j < members.size(); j++) if (members.get(j).start == rip) return j;
            return -1;
        }

        byte[] translate() {
            for (Insn i : insns) {
                if (native_(i)) regs(i);
                else calls = true;
            }
            ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
                @Override
                protected String getCommonSuperClass(String a, String b) {
                    return "java/lang/Object";
                }
            };
            cw.visit(V21, ACC_FINAL | ACC_SUPER, "dev/binfarm/emulator/cpu/JitBlock", null, "dev/binfarm/emulator/cpu/Compiled", null);
            MethodVisitor init = cw.visitMethod(0, "<init>", "()V", null, null);
            init.visitCode();
            init.visitVarInsn(ALOAD, 0);
            init.visitMethodInsn(INVOKESPECIAL, "dev/binfarm/emulator/cpu/Compiled", "<init>", "()V", false);
            init.visitInsn(RETURN);
            init.visitMaxs(0, 0);
            init.visitEnd();

            mv = cw.visitMethod(0, "exec", "(" + CPU_D + "[L" + INSN + ";I)I", null, null);
            mv.visitCode();
            prologue();
            Label start = new Label(), end = new Label(), handler = new Label();
            mv.visitTryCatchBlock(start, end, handler, "java/lang/Throwable");
            mv.visitLabel(start);
            for (int j = 0; j < members.size(); j++) {
                // Every member is entered with the flags in the CPU's fields and cpu.r up to date (see transfer).
                mv.visitLabel(memberLabel[j]);
                sKind = DYNAMIC;
                sSize = 0;
                java.util.Arrays.fill(dirty, false);
                curMember = j;
                curStart = memberStart[j];
                curEnd = memberEnd[j];
                for (int k = curStart; k < curEnd; k++) insn(k);
            }
            mv.visitLabel(end);
            // Shared exit: registers and flags back into the CPU, return the count in L_RET.
            mv.visitLabel(exit);
            writeBack();
            dynamicFlagFlush();
            mv.visitVarInsn(ILOAD, L_RET);
            mv.visitVarInsn(ILOAD, L_BASE);
            mv.visitInsn(IADD);
            mv.visitInsn(IRETURN);
            // Fault (or any exception): state as before instruction L_K.
            mv.visitLabel(handler);
            mv.visitVarInsn(ASTORE, L_EX);
            Label noSync = new Label();
            mv.visitVarInsn(ILOAD, L_SYNC);
            mv.visitJumpInsn(IFEQ, noSync);
            writeBack();
            mv.visitLabel(noSync);
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
            iconst(1); mv.visitVarInsn(ISTORE, L_SYNC);
            iconst(-1); mv.visitVarInsn(ISTORE, L_FK);
            iconst(0); mv.visitVarInsn(ISTORE, L_FSZ);
            iconst(0); mv.visitVarInsn(ISTORE, L_RET);
            iconst(0); mv.visitVarInsn(ISTORE, L_BASE);
            for (int s : new int[] {L_FA, L_FB, L_FRES, L_FC}) { mv.visitInsn(LCONST_0); mv.visitVarInsn(LSTORE, s); }
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitFieldInsn(GETFIELD, CPU, "mem", "L" + MEM + ";");
            mv.visitVarInsn(ASTORE, L_MEM);
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitFieldInsn(GETFIELD, CPU, "r", "[J");
            mv.visitVarInsn(ASTORE, L_R);
            reload();
        }

        private void reload() {
            for (int n = 0; n < 16; n++) {
                if (!used[n]) continue;
                mv.visitVarInsn(ALOAD, L_R);
                iconst(n);
                mv.visitInsn(LALOAD);
                mv.visitVarInsn(LSTORE, L_REG0 + 2 * n);
            }
        }

        /** Registers assigned since the last interpreter call (only those need storing before the next one). */
        private final boolean[] dirty = new boolean[16];

        private void writeBackDirty() {
            for (int n = 0; n < 16; n++) {
                if (!dirty[n]) continue;
                mv.visitVarInsn(ALOAD, L_R);
                iconst(n);
                mv.visitVarInsn(LLOAD, L_REG0 + 2 * n);
                mv.visitInsn(LASTORE);
                dirty[n] = false;
            }
        }

        private void writeBack() {
            for (int n = 0; n < 16; n++) {
                if (!written[n]) continue;
                mv.visitVarInsn(ALOAD, L_R);
                iconst(n);
                mv.visitVarInsn(LLOAD, L_REG0 + 2 * n);
                mv.visitInsn(LASTORE);
            }
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
            iconst(-1);
            mv.visitVarInsn(ISTORE, L_FK);
            sKind = -1;
        }

        // -------------------------------------------------------------- which instructions are emitted natively

        private static boolean size48(Insn i) {
            return i.opSize == 4 || i.opSize == 8;
        }

        private static boolean flagKind(int kind) {
            return kind != K_ADC && kind != K_SBB;
        }

        private boolean native_(Insn i) {
            int op = i.op;
            if (op == SSE) return JitSse.native_(i); // SSE part
            if (op >= ALU_RR64 && op < ALU_RR64 + 32) return flagKind((op - ALU_RR64) & 7);
            if (op >= ALU_EG && op < ALU_EG + 24) {
                int kind = (op - ALU_EG) & 7;
                return flagKind(kind); // 8/16-bit register results merge into the register (writeReg)
            }
            return switch (op) {
                case MOV_RR64, MOV_RR32, LOAD64, LOAD32, STORE64, STORE32, PUSH_R64, POP_R64, Ops.NOP,
                     JMP, CALL, Ops.RET, JCC -> true;
                case JMP_E, CALL_E -> i.opSize == 8;
                case LEA, MOVSXD, CMOVCC -> size48(i);
                case MOV_GE, MOV_EG, MOV_EI -> true;
                case CBW, CWD -> true;
                case NEG -> size48(i) && i.mod == 3;
                case TEST_EG, TEST_EI -> true;
                case SHIFT_CL -> size48(i) && i.mod == 3 && i.reg >= 4;
                case NOT -> size48(i) && i.mod == 3;
                case MOVZX8, MOVSX8, MOVZX16, MOVSX16 -> size48(i);
                case SETCC -> i.mod != 3 || (i.prefixes & Insn.P_REX) != 0 || i.rm < 4 || i.rm >= 8;
                case SHIFT_I -> i.mod == 3 && (i.reg >= 4 || i.reg <= 1);
                case IMUL_GE, IMUL_GEI -> size48(i);
                case INC, DEC -> size48(i) && i.mod == 3;
                default -> false;
            };
        }

        /**
         * 0F-map SSE/MMX opcodes that read and write only XMM/MMX registers, MXCSR and memory: no general
         * register written, no RFLAGS read or written, no RIP use (MOVD xmm, r32 reads a GPR: it is stored back first).
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

        private void use(int n) {
            if (n >= 0) used[n] = true;
        }

        private void def(int n) {
            used[n] = true;
            written[n] = true;
        }

        /** Registers a natively emitted instruction reads and writes. */
        private void regs(Insn i) {
            if (i.mod >= 0 && i.mod != 3) { use(i.base); use(i.index); }
            if (i.op == SSE) { sseRegs(i); return; } // SSE part
            int op = i.op;
            boolean byteForm = i.opSize == 1 && (op >= ALU_EG && op < ALU_EI + 8 || op == TEST_EG || op == TEST_EI
                    || op == MOV_EG || op == MOV_EI || op == MOV_GE || op == SHIFT_I);
            if (byteForm || op == MOVZX8 || op == MOVSX8 || op == SETCC) {
                // Byte operands: map AH..BH to their home registers. Every register operand counts as written
                // (a merge reads it anyway; one only read is stored back unchanged).
                boolean rex = (i.prefixes & Insn.P_REX) != 0;
                if (i.mod == 3) def(byteHome(i.rm, rex));
                if (op == MOVZX8 || op == MOVSX8) def(i.reg);
                else if (op != SETCC && op != MOV_EI && op != TEST_EI && op != SHIFT_I && !(op >= ALU_EI && op < ALU_EI + 8)) def(byteHome(i.reg, rex));
                return;
            }
            switch (op) {
                case PUSH_R64 -> { use(i.rm); def(RSP); }
                case POP_R64 -> { def(RSP); def(i.rm); }
                case CALL, Ops.RET -> def(RSP);
                case JMP, JCC, Ops.NOP -> { }
                case MOV_RR64, MOV_RR32 -> { use(i.reg); def(i.rm); }
                case LOAD64, LOAD32, LEA, MOV_GE, MOVZX8, MOVSX8, MOVZX16, MOVSX16, MOVSXD -> {
                    if (i.mod == 3) use(i.rm);
                    def(i.reg);
                }
                case STORE64, STORE32 -> use(i.reg);
                case JMP_E -> { if (i.mod == 3) use(i.rm); }
                case CALL_E -> { if (i.mod == 3) use(i.rm); def(RSP); }
                case CMOVCC, IMUL_GE -> { if (i.mod == 3) use(i.rm); def(i.reg); }
                case IMUL_GEI -> { if (i.mod == 3) use(i.rm); def(i.reg); }
                case SHIFT_I, INC, DEC, NOT, NEG -> def(i.rm);
                case CBW -> def(RAX);
                case CWD -> { use(RAX); def(RDX); }
                case SHIFT_CL -> { use(RCX); def(i.rm); }
                case MOV_EG -> { use(i.reg); if (i.mod == 3) def(i.rm); }
                case MOV_EI -> { if (i.mod == 3) def(i.rm); }
                case TEST_EG -> { use(i.reg); if (i.mod == 3) use(i.rm); }
                case TEST_EI -> { if (i.mod == 3) use(i.rm); }
                default -> {
                    if (op >= ALU_RR64) { use(i.reg); def(i.rm); }
                    else if (op >= ALU_EI) { if (i.mod == 3) def(i.rm); }
                    else if (op >= ALU_GE) { def(i.reg); if (i.mod == 3) use(i.rm); }
                    else { use(i.reg); if (i.mod == 3) def(i.rm); }
                }
            }
        }

        // -------------------------------------------------------------- per instruction

        private void insn(int k) {
            Insn i = insns[k];
            if (k > 0 && k < memberEnd[0]) {
                // Stop in front of instruction k when the caller asked for fewer (a breakpoint inside the block).
                Label go = new Label();
                mv.visitVarInsn(ILOAD, L_LIMIT);
                iconst(k);
                mv.visitJumpInsn(IF_ICMPGT, go);
                exitAt(k, insns[k - 1].nextRip);
                mv.visitLabel(go);
            }
            iconst(k);
            mv.visitVarInsn(ISTORE, L_K);
            boolean last = k == curEnd - 1;
            if (!native_(i) && xmmOnly(i)) {
                // Touches XMM/MMX registers and memory only: the GPR locals stay valid, only dirty ones go back first.
                writeBackDirty();
                mv.visitVarInsn(ALOAD, L_CPU);
                mv.visitFieldInsn(GETFIELD, CPU, "sse", "Ldev/binfarm/emulator/cpu/Sse;");
                mv.visitVarInsn(ALOAD, L_CPU);
                iconst(k);
                loadInsnAt();
                mv.visitMethodInsn(INVOKEVIRTUAL, "dev/binfarm/emulator/cpu/Sse", "exec", "(" + CPU_D + "L" + INSN + ";)V", false);
                if (i.mod != 3 && XMM_STORES.indexOf((char) (i.opcode & 0xFF)) >= 0) exitIfAsked(k + 1, i.nextRip);
                if (last) { setRip(i.nextRip); iconst(k + 1); mv.visitVarInsn(ISTORE, L_RET); mv.visitJumpInsn(GOTO, exit); }
                return;
            }
            if (!native_(i)) {
                fallback(k, i);
                if (last) { iconst(k + 1); mv.visitVarInsn(ISTORE, L_RET); mv.visitJumpInsn(GOTO, exit); }
                return;
            }
            emit(k, i);
            if (last) {
                if (!Ops.endsBlock(i.op)) transfer(k, i.nextRip);
                iconst(k + 1);
                mv.visitVarInsn(ISTORE, L_RET);
                mv.visitJumpInsn(GOTO, exit);
            }
        }

        private void fallback(int k, Insn i) {
            writeBackDirty();
            if (STATS != null) {
                // Counted when executed, so the list ranks what costs time, not what is merely common.
                mv.visitLdcInsn(i.op + (i.op == SSE || i.op == X87 ? ":" + Integer.toHexString(i.opcode) : "") + "/" + i.opSize + "/" + i.mod);
                mv.visitMethodInsn(INVOKESTATIC, SELF, "countFallback", "(Ljava/lang/String;)V", false);
            }
            staticFlagFlush();
            iconst(0);
            mv.visitVarInsn(ISTORE, L_SYNC);
            setRip(i.nextRip);
            mv.visitVarInsn(ALOAD, L_CPU);
            iconst(k);
            loadInsnAt();
            mv.visitMethodInsn(INVOKESTATIC, "dev/binfarm/emulator/cpu/Interpreter", "exec", "(" + CPU_D + "L" + INSN + ";)V", false);
            reload();
            iconst(1);
            mv.visitVarInsn(ISTORE, L_SYNC);
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
            if (op == SSE) { sse.emit(k, i); return; } // SSE part
            if (op >= ALU_RR64 && op < ALU_RR64 + 8) { aluReg(i, op - ALU_RR64, 8, () -> lreg(i.reg)); return; }
            if (op >= ALU_RR32 && op < ALU_RR32 + 8) { aluReg(i, op - ALU_RR32, 4, () -> { lreg(i.reg); mask32(); }); return; }
            if (op >= ALU_RI64 && op < ALU_RI64 + 8) { aluReg(i, op - ALU_RI64, 8, () -> lconst(i.imm)); return; }
            if (op >= ALU_RI32 && op < ALU_RI32 + 8) { aluReg(i, op - ALU_RI32, 4, () -> lconst(i.imm & 0xFFFFFFFFL)); return; }
            if (op >= ALU_EG && op < ALU_EG + 8) { aluE(k, i, op - ALU_EG, () -> regOperand(i.reg, i.opSize, (i.prefixes & Insn.P_REX) != 0)); return; }
            if (op >= ALU_EI && op < ALU_EI + 8) { aluE(k, i, op - ALU_EI, () -> lconst(i.imm & Cpu.mask(i.opSize))); return; }
            if (op >= ALU_GE && op < ALU_GE + 8) { aluG(i, op - ALU_GE); return; }
            switch (op) {
                case Ops.NOP -> { }
                case MOV_RR64 -> { lreg(i.reg); sreg(i.rm); }
                case MOV_RR32 -> { lreg(i.reg); mask32(); sreg(i.rm); }
                case LOAD64 -> { load(i, 8); sreg(i.reg); }
                case LOAD32 -> { load(i, 4); sreg(i.reg); }
                case STORE64 -> { store(i, 8, () -> lreg(i.reg)); exitIfAsked(k + 1, i.nextRip); }
                case STORE32 -> { store(i, 4, () -> lreg(i.reg)); exitIfAsked(k + 1, i.nextRip); }
                case MOV_GE -> { readRm(i, i.opSize); writeReg(i.reg, i.opSize, rex(i)); }
                case MOV_EG -> writeRm(k, i, () -> regOperand(i.reg, i.opSize, (i.prefixes & Insn.P_REX) != 0));
                case MOV_EI -> writeRm(k, i, () -> lconst(i.imm & Cpu.mask(i.opSize)));
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
                case PUSH_R64 -> push(k, i, () -> lreg(i.rm));
                case POP_R64 -> {
                    mv.visitVarInsn(ALOAD, L_MEM);
                    lreg(RSP);
                    mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "read64", "(J)J", false);
                    mv.visitVarInsn(LSTORE, L_T0);
                    lreg(RSP); lconst(8); mv.visitInsn(LADD); sreg(RSP);
                    mv.visitVarInsn(LLOAD, L_T0);
                    sreg(i.rm);
                }
                case JMP -> transfer(k, i.imm);
                case CALL -> { push(k, i, () -> lconst(i.nextRip)); transfer(k, i.imm); }
                case Ops.RET -> {
                    mv.visitVarInsn(ALOAD, L_MEM);
                    lreg(RSP);
                    mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "read64", "(J)J", false);
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
                    push(k, i, () -> lconst(i.nextRip));
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
                        exitIfAsked(k + 1, i.nextRip);
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
            Label done = new Label();
            Block m = members.get(curMember);
            long seen = -1;
            for (Block s : new Block[] {m.succ0, m.succ1}) {
                if (s == null || s.start == seen || member(s.start) < 0) continue;
                seen = s.start;
                Label next = new Label();
                mv.visitVarInsn(LLOAD, slot);
                lconst(s.start);
                mv.visitInsn(LCMP);
                mv.visitJumpInsn(IFNE, next);
                transfer(k, s.start);
                mv.visitJumpInsn(GOTO, done);
                mv.visitLabel(next);
            }
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitVarInsn(LLOAD, slot);
            mv.visitFieldInsn(PUTFIELD, CPU, "rip", "J");
            mv.visitLabel(done);
        }

        /**
         * Control goes on at {@code target} after instruction {@code k}, the last of its member. When the
         * target is a member of the region (the head included: a loop), continue there inside this method:
         * no trip through the run loop, registers stay in locals. Not past the budget the run loop left
         * ({@link Cpu#jitRoom}, at most {@link #LOOP_CAP}: it stops where the interpreter would) nor into a member holding the breakpoint.
         * Otherwise, or when it does not continue, set RIP and fall through to leave.
         */
        private void transfer(int k, long target) {
            int t = member(target);
            if (t < 0) { setRip(target); return; }
            Label leave = new Label();
            Block tb = members.get(t);
            // Instructions done by this call so far: k + 1 + L_BASE.
            mv.visitVarInsn(ILOAD, L_BASE);
            iconst(k + 1);
            mv.visitInsn(IADD);
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitFieldInsn(GETFIELD, CPU, "jitRoom", "I");
            mv.visitJumpInsn(IF_ICMPGE, leave);
            // Code was written (a CALL's push into a code page) or a stop is pending: back to the run loop.
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitFieldInsn(GETFIELD, CPU, "exitBlock", "Z");
            mv.visitJumpInsn(IFNE, leave);
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitFieldInsn(GETFIELD, CPU, "breakpoint", "J");
            lconst(tb.start);
            mv.visitInsn(LSUB);
            lconst(Long.MIN_VALUE);
            mv.visitInsn(LXOR);
            lconst((tb.end - tb.start) ^ Long.MIN_VALUE);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFLT, leave); // unsigned bp - start < length: the breakpoint is in the target
            // Keep "done = L_K + L_BASE" true in the target, whose first index is memberStart[t].
            mv.visitVarInsn(ILOAD, L_BASE);
            iconst(k + 1 - memberStart[t]);
            mv.visitInsn(IADD);
            mv.visitVarInsn(ISTORE, L_BASE);
            // The flags stay where they are (the member starts DYNAMIC); cpu.r gets what calls may read.
            boolean[] savedDirty = dirty.clone();
            if (calls) writeBackDirty();
            mv.visitJumpInsn(GOTO, memberLabel[t]);
            System.arraycopy(savedDirty, 0, dirty, 0, 16);
            mv.visitLabel(leave);
            setRip(target);
        }

        /** Pushes condition {@code cc} as an int 0/1, from the flag locals when their kind allows it. */
        private void cond(int cc) {
            if (sKind == F_SUB && (cc >> 1 == 1 || cc >> 1 == 2 || cc >> 1 == 3 || cc >> 1 == 6 || cc >> 1 == 7)) {
                iconst(cc);
                iconst(64 - (sSize << 3));
                mv.visitVarInsn(LLOAD, L_FA);
                mv.visitVarInsn(LLOAD, L_FB);
                mv.visitMethodInsn(INVOKESTATIC, SELF, "condSub", "(IIJJ)Z", false);
            } else if (sKind == F_LOGIC && cc >> 1 != 5) {
                iconst(cc);
                lconst(Cpu.signBit(sSize));
                mv.visitVarInsn(LLOAD, L_FRES);
                mv.visitMethodInsn(INVOKESTATIC, SELF, "condLogic", "(IJJ)Z", false);
            } else {
                staticFlagFlush();
                mv.visitVarInsn(ALOAD, L_CPU);
                iconst(cc);
                mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "cond", "(I)Z", false);
            }
        }

        /** INC/DEC of a 32/64-bit register: CF survives (computed from the previous flag record when known). */
        private void incDec(Insn i) {
            int size = i.opSize;
            if (sKind == F_SUB) {
                mv.visitVarInsn(LLOAD, L_FA);
                mv.visitVarInsn(LLOAD, L_FB);
                mv.visitMethodInsn(INVOKESTATIC, SELF, "below", "(JJ)J", false);
            } else if (sKind == F_ADD) {
                mv.visitVarInsn(LLOAD, L_FRES);
                mv.visitVarInsn(LLOAD, L_FA);
                mv.visitMethodInsn(INVOKESTATIC, SELF, "below", "(JJ)J", false);
            } else if (sKind == F_LOGIC) {
                mv.visitInsn(LCONST_0);
            } else if (sKind == F_INC || sKind == F_DEC) {
                mv.visitVarInsn(LLOAD, L_FC);
            } else {
                staticFlagFlush();
                mv.visitVarInsn(ALOAD, L_CPU);
                mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "cf", "()Z", false);
                mv.visitInsn(I2L);
            }
            mv.visitVarInsn(LSTORE, L_T1);
            regOperand(i.rm, size);
            mv.visitVarInsn(LSTORE, L_T0);
            mv.visitVarInsn(LLOAD, L_T0);
            lconst(1);
            mv.visitInsn(i.op == INC ? LADD : LSUB);
            truncate(size);
            mv.visitVarInsn(LSTORE, L_T2);
            mv.visitVarInsn(LLOAD, L_T2);
            sreg(i.rm);
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

        private void push(int k, Insn i, Runnable value) {
            mv.visitVarInsn(ALOAD, L_MEM);
            lreg(RSP); lconst(8); mv.visitInsn(LSUB);
            value.run();
            mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "write64", "(JJ)V", false);
            lreg(RSP); lconst(8); mv.visitInsn(LSUB); sreg(RSP);
            // A push into a code page: leave like the interpreter (CALL sets RIP afterwards, so only non-branches check here).
            if (i.op != CALL) exitIfAsked(k + 1, i.nextRip);
        }

        /** ALU with a register destination (ALU_RR / ALU_RI forms): destination rm, operand pushed by {@code b}. */
        private void aluReg(Insn i, int kind, int size, Runnable b) {
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
            mv.visitInsn(switch (kind) {
                case K_ADD -> LADD;
                case K_OR -> LOR;
                case K_AND -> LAND;
                case K_XOR -> LXOR;
                default -> LSUB;
            });
            if (size != 8 && (kind == K_ADD || kind == K_SUB || kind == K_CMP)) truncate(size);
            mv.visitVarInsn(LSTORE, L_T2);
            if (dst >= 0 && kind != K_CMP) { mv.visitVarInsn(LLOAD, L_T2); writeReg(dst, size, rex); }
            mv.visitVarInsn(LLOAD, L_T2);
            mv.visitVarInsn(LSTORE, L_FRES);
            if (kind == K_ADD || kind == K_SUB || kind == K_CMP) {
                mv.visitVarInsn(LLOAD, L_T0); mv.visitVarInsn(LSTORE, L_FA);
                mv.visitVarInsn(LLOAD, L_T1); mv.visitVarInsn(LSTORE, L_FB);
                flags(kind == K_ADD ? F_ADD : F_SUB, size);
            } else {
                logicOperands();
                flags(F_LOGIC, size);
            }
        }

        /** ALU_EG / ALU_EI: r/m op= operand (sizes 4 and 8). */
        private void aluE(int k, Insn i, int kind, Runnable b) {
            int size = i.opSize;
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
                mv.visitInsn(switch (kind) {
                    case K_ADD -> LADD;
                    case K_OR -> LOR;
                    case K_AND -> LAND;
                    case K_XOR -> LXOR;
                    default -> LSUB;
                });
                memWrite(size);
            }
            aluCompute(kind, size, -1, true);
            if (kind != K_CMP) exitIfAsked(k + 1, i.nextRip);
        }

        /** ALU_GE: reg op= r/m (sizes 4 and 8). */
        private void aluG(Insn i, int kind) {
            int size = i.opSize;
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
            iconst(kind);
            mv.visitVarInsn(ISTORE, L_FK);
            iconst(size);
            mv.visitVarInsn(ISTORE, L_FSZ);
            sKind = kind;
            sSize = size;
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

        private void writeRm(int k, Insn i, Runnable value) {
            if (i.mod == 3) {
                value.run();
                truncate(i.opSize);
                writeReg(i.rm, i.opSize, rex(i));
            } else {
                store(i, i.opSize, value);
                exitIfAsked(k + 1, i.nextRip);
            }
        }

        private void load(Insn i, int size) {
            mv.visitVarInsn(ALOAD, L_MEM);
            address(i, true);
            memRead(size);
        }

        private void memRead(int size) {
            switch (size) {
                case 1 -> { mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "read8", "(J)I", false); mv.visitInsn(I2L); }
                case 2 -> { mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "read16", "(J)I", false); mv.visitInsn(I2L); }
                case 4 -> { mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "read32", "(J)I", false); mv.visitInsn(I2L); mask32(); }
                default -> mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "read64", "(J)J", false);
            }
        }

        private void store(Insn i, int size, Runnable value) {
            mv.visitVarInsn(ALOAD, L_MEM);
            address(i, true);
            value.run();
            memWrite(size);
        }

        /** Stack: mem, address (J), value (J). */
        private void memWrite(int size) {
            if (size == 8) {
                mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "write64", "(JJ)V", false);
            } else {
                mv.visitInsn(L2I);
                mv.visitMethodInsn(INVOKEVIRTUAL, MEM, size == 4 ? "write32" : size == 2 ? "write16" : "write8", "(JI)V", false);
            }
        }

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

        private void lreg(int n) {
            mv.visitVarInsn(LLOAD, L_REG0 + 2 * n);
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

        private void sreg(int n) {
            dirty[n] = true;
            mv.visitVarInsn(LSTORE, L_REG0 + 2 * n);
        }

        private void iconst(int v) {
            if (v >= -1 && v <= 5) mv.visitInsn(ICONST_0 + v);
            else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) mv.visitIntInsn(BIPUSH, v);
            else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) mv.visitIntInsn(SIPUSH, v);
            else mv.visitLdcInsn(v);
        }

        private void lconst(long v) {
            if (v == 0) mv.visitInsn(LCONST_0);
            else if (v == 1) mv.visitInsn(LCONST_1);
            else mv.visitLdcInsn(v);
        }

        // -------------------------------------------------------------- SSE part: the emitters are in JitSse

        private final JitSse sse = new JitSse(new JitSse.Host() {
            @Override public MethodVisitor mv() { return mv; }
            @Override public void address(Insn i) { Translator.this.address(i, true); }
            @Override public void lreg(int n) { Translator.this.lreg(n); }
            @Override public void sreg(int n) { Translator.this.sreg(n); }
            @Override public void exitIfAsked(int n, long rip) { Translator.this.exitIfAsked(n, rip); }
            @Override public void staticFlagFlush() { Translator.this.staticFlagFlush(); }
        }, L_CPU, L_MEM);

        /** The general registers a natively emitted SSE instruction reads and writes. */
        private void sseRegs(Insn i) {
            use(JitSse.gprRead(i));
            int w = JitSse.gprWritten(i);
            if (w >= 0) def(w);
        }
    }
}
