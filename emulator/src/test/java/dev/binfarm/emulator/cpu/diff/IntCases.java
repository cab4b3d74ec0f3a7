package dev.binfarm.emulator.cpu.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.binfarm.emulator.cpu.diff.CaseSupport.*;

/** Integer ALU, multiply/divide, shifts, bit operations, moves, conditional ops and exchange instructions. */
final class IntCases implements CaseGenerator {
    static final long CF = 1, PF = 4, AF = 0x10, ZF = 0x40, SF = 0x80, OF = 0x800, ALL = CF | PF | AF | ZF | SF | OF;
    static final String[] ALU = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"};
    static final String[] CC = {"o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"};

    /** Cases per instruction form; the total stays above 100,000 with every generator together. */
    private final int n;

    IntCases() {
        this(130);
    }

    IntCases(int perForm) {
        this.n = perForm;
    }

    @Override
    public String name() {
        return "int";
    }

    private List<DiffCase> out;
    private Random r;

    private void add(String text, DiffCase.State s, long undefined) {
        out.add(DiffCase.of(text, s, undefined));
    }

    @Override
    public List<DiffCase> cases(Random random) {
        out = new ArrayList<>();
        r = random;
        alu();
        unary();
        mulDiv();
        moves();
        shifts();
        doubleShifts();
        bits();
        conditions();
        exchanges();
        misc();
        return out;
    }

    private static long bit(int reg) {
        return 1L << home(reg);
    }

    private String imm(int size) {
        long v = value(r, size);
        if (size == 8) return Long.toString((int) v);
        return hex(v & mask(size));
    }

    private String imm8() {
        return Integer.toString(r.nextInt(256) - 128);
    }

    // ---------------------------------------------------------------- ALU

    private void alu() {
        for (int k = 0; k < ALU.length; k++) {
            long undef = (k == 1 || k == 4 || k == 6) ? AF : 0;
            for (int size : SIZES) {
                for (int form = 0; form < 6; form++) {
                    for (int c = 0; c < n; c++) {
                        DiffCase.State s = state(r);
                        boolean high = size == 1 && r.nextInt(4) == 0;
                        int d = pick(r, 0, high);
                        String op = ALU[k] + " ";
                        String text = switch (form) {
                            case 0 -> op + reg(size, d) + ", " + reg(size, r.nextInt(8) == 0 ? d : pick(r, 0, high));
                            case 1 -> op + reg(size, d) + ", " + mem(r, s, size, bit(d), high);
                            case 2 -> op + mem(r, s, size, bit(d), high) + ", " + reg(size, d);
                            case 3 -> op + reg(size, d) + ", " + imm(size);
                            case 4 -> op + mem(r, s, size, 0, false) + ", " + imm(size);
                            default -> op + mem(r, s, size, 0, false) + ", " + imm8();
                        };
                        if (form == 5 && size == 1) text = op + reg(1, 0) + ", " + imm(1);
                        add(text, s, undef);
                    }
                }
            }
        }
        for (int size : SIZES) {
            for (int form = 0; form < 4; form++) {
                for (int c = 0; c < n; c++) {
                    DiffCase.State s = state(r);
                    int d = pick(r, 0, false);
                    String text = switch (form) {
                        case 0 -> "test " + reg(size, d) + ", " + reg(size, pick(r, 0, false));
                        case 1 -> "test " + mem(r, s, size, bit(d), false) + ", " + reg(size, d);
                        case 2 -> "test " + reg(size, r.nextBoolean() ? 0 : d) + ", " + imm(size);
                        default -> "test " + mem(r, s, size, 0, false) + ", " + imm(size);
                    };
                    add(text, s, AF);
                }
            }
        }
    }

    private void unary() {
        for (String op : new String[] {"inc", "dec", "not", "neg"}) {
            for (int size : SIZES) {
                for (int c = 0; c < 2 * n; c++) {
                    DiffCase.State s = state(r);
                    String operand = c % 2 == 0 ? reg(size, pick(r, 0, size == 1 && r.nextBoolean())) : mem(r, s, size, 0, false);
                    add(op + " " + operand, s, 0);
                }
            }
        }
    }

    private void mulDiv() {
        String[] ops = {"mul", "imul", "div", "idiv"};
        for (int k = 0; k < 4; k++) {
            long undef = k < 2 ? SF | ZF | AF | PF : ALL;
            for (int size : SIZES) {
                for (int c = 0; c < 3 * n; c++) {
                    DiffCase.State s = state(r);
                    if (k >= 2 && r.nextInt(3) > 0) {
                        // Mostly dividends that fit, so quotients are checked and not just #DE.
                        long hiPart = r.nextBoolean() ? 0 : (k == 3 && r.nextBoolean() ? -1 : r.nextInt(3));
                        if (size == 1) s.r[0] = (s.r[0] & ~0xFF00L) | ((hiPart & 0xFF) << 8);
                        else s.r[2] = (s.r[2] & ~mask(size)) | (hiPart & mask(size));
                    }
                    String operand;
                    if (c % 2 == 0) {
                        int src = pick(r, 0, size == 1 && r.nextBoolean());
                        operand = reg(size, src);
                    } else {
                        operand = mem(r, s, size, 1L | 4, false);
                    }
                    add(ops[k] + " " + operand, s, undef);
                }
            }
        }
        for (int size : new int[] {2, 4, 8}) {
            for (int form = 0; form < 4; form++) {
                for (int c = 0; c < n; c++) {
                    DiffCase.State s = state(r);
                    int d = pick(r, 0, false);
                    String text = switch (form) {
                        case 0 -> "imul " + reg(size, d) + ", " + reg(size, pick(r, 0, false));
                        case 1 -> "imul " + reg(size, d) + ", " + mem(r, s, size, bit(d), false);
                        case 2 -> "imul " + reg(size, d) + ", " + reg(size, pick(r, 0, false)) + ", " + imm8();
                        default -> "imul " + reg(size, d) + ", " + (r.nextBoolean() ? reg(size, pick(r, 0, false))
                                : mem(r, s, size, bit(d), false)) + ", " + imm(size == 8 ? 8 : size);
                    };
                    add(text, s, SF | ZF | AF | PF);
                }
            }
        }
    }

    // ---------------------------------------------------------------- moves

    private void moves() {
        for (int size : SIZES) {
            for (int form = 0; form < 5; form++) {
                for (int c = 0; c < n / 2; c++) {
                    DiffCase.State s = state(r);
                    boolean high = size == 1 && r.nextBoolean();
                    int d = pick(r, 0, high);
                    String text = switch (form) {
                        case 0 -> "mov " + reg(size, d) + ", " + reg(size, pick(r, 0, high));
                        case 1 -> "mov " + reg(size, d) + ", " + mem(r, s, size, bit(d), high);
                        case 2 -> "mov " + mem(r, s, size, bit(d), high) + ", " + reg(size, d);
                        case 3 -> "mov " + reg(size, d) + ", " + (size == 8 && r.nextBoolean() ? hex(r.nextLong()) : imm(size));
                        default -> "mov " + mem(r, s, size, 0, false) + ", " + imm(size);
                    };
                    add(text, s, 0);
                }
            }
        }
        String[][] ext = {{"movzx", "2", "1"}, {"movzx", "4", "1"}, {"movzx", "8", "1"}, {"movzx", "4", "2"}, {"movzx", "8", "2"},
                {"movsx", "2", "1"}, {"movsx", "4", "1"}, {"movsx", "8", "1"}, {"movsx", "4", "2"}, {"movsx", "8", "2"},
                {"movsxd", "8", "4"}, {"movsxd", "4", "4"}};
        for (String[] e : ext) {
            int ds = Integer.parseInt(e[1]), ss = Integer.parseInt(e[2]);
            for (int c = 0; c < n; c++) {
                DiffCase.State s = state(r);
                boolean high = ss == 1 && ds != 8 && r.nextInt(3) == 0;
                int d = pick(r, high ? 0xFF00L : 0, false);
                String src = c % 2 == 0 ? reg(ss, pick(r, 0, high)) : mem(r, s, ss, bit(d), high);
                add(e[0] + " " + reg(ds, d) + ", " + src, s, 0);
            }
        }
        for (int c = 0; c < 4 * n; c++) {
            DiffCase.State s = state(r);
            int size = new int[] {2, 4, 8}[r.nextInt(3)];
            int base = pick(r, 0, false), index = pick(r, 0, false);
            String a32 = r.nextInt(4) == 0 ? "e" : "r";
            String baseName = a32.equals("e") ? reg(4, base) : reg(8, base);
            String idxName = a32.equals("e") ? reg(4, index) : reg(8, index);
            String addr = switch (r.nextInt(4)) {
                case 0 -> "[" + baseName + "]";
                case 1 -> "[" + baseName + " + " + (r.nextInt(4096) - 2048) + "]";
                case 2 -> "[" + baseName + " + " + idxName + "*" + (1 << r.nextInt(4)) + " + " + r.nextInt(1 << 20) + "]";
                default -> "[" + idxName + "*" + (1 << r.nextInt(4)) + " - " + r.nextInt(1 << 20) + "]";
            };
            add("lea " + reg(size, pick(r, 0, false)) + ", " + addr, s, 0);
        }
    }

    // ---------------------------------------------------------------- shifts

    private static final String[] SHIFTS = {"rol", "ror", "rcl", "rcr", "shl", "shr", "sal", "sar"};

    private int count(int size) {
        int[] edges = {0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 255};
        return r.nextBoolean() ? edges[r.nextInt(edges.length)] : r.nextInt(256);
    }

    static long shiftUndefined(int kind, int size, int count) {
        int bits = size * 8;
        int m = count & (size == 8 ? 63 : 31);
        if (m == 0) return 0;
        long u = m != 1 ? OF : 0;
        if (kind >= 4) {
            u |= AF;
            if (m >= bits) u |= CF | OF;
        }
        return u;
    }

    private void shifts() {
        for (int k = 0; k < SHIFTS.length; k++) {
            for (int size : SIZES) {
                for (int form = 0; form < 3; form++) {
                    for (int c = 0; c < n; c++) {
                        DiffCase.State s = state(r);
                        boolean high = size == 1 && r.nextInt(3) == 0;
                        boolean memory = r.nextInt(3) == 0;
                        int d = pick(r, 1L << 1, high);
                        String dst = memory ? mem(r, s, size, 1L << 1, false) : reg(size, d);
                        int cnt;
                        String text;
                        switch (form) {
                            case 0 -> { cnt = 1; text = SHIFTS[k] + " " + dst + ", 1"; }
                            case 1 -> { cnt = count(size); text = SHIFTS[k] + " " + dst + ", " + cnt; }
                            default -> {
                                cnt = count(size);
                                s.r[1] = (s.r[1] & ~0xFFL) | cnt;
                                text = SHIFTS[k] + " " + dst + ", cl";
                            }
                        }
                        add(text, s, shiftUndefined(k, size, cnt));
                    }
                }
            }
        }
    }

    private void doubleShifts() {
        for (String op : new String[] {"shld", "shrd"}) {
            for (int size : new int[] {2, 4, 8}) {
                for (int form = 0; form < 2; form++) {
                    for (int c = 0; c < 2 * n; c++) {
                        DiffCase.State s = state(r);
                        int cnt = count(size);
                        int masked = cnt & (size == 8 ? 63 : 31);

                        int src = pick(r, 1L << 1, false);
                        String dst = r.nextInt(3) == 0 ? mem(r, s, size, 1L << 1 | bit(src), false) : reg(size, pick(r, 1L << 1, false));
                        String countText;
                        if (form == 0) countText = Integer.toString(cnt);
                        else { s.r[1] = (s.r[1] & ~0xFFL) | cnt; countText = "cl"; }
                        long undef = masked == 0 ? 0 : AF | (masked != 1 ? OF : 0);
                        // 16 bits shifted by more than 16: undefined on paper; the result matches Intel, CF does not
                        if (size == 2 && masked > 16) undef |= CF;
                        add(op + " " + dst + ", " + reg(size, src) + ", " + countText, s, undef);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- bits

    private void bits() {
        String[] bt = {"bt", "bts", "btr", "btc"};
        for (String op : bt) {
            for (int size : new int[] {2, 4, 8}) {
                for (int form = 0; form < 4; form++) {
                    for (int c = 0; c < n; c++) {
                        DiffCase.State s = state(r);
                        int off = pick(r, 0, false);
                        String text = switch (form) {
                            case 0 -> op + " " + reg(size, pick(r, 0, false)) + ", " + reg(size, off);
                            case 1 -> op + " " + reg(size, pick(r, 0, false)) + ", " + r.nextInt(256);
                            case 2 -> {
                                String m = mem(r, s, size, bit(off), false);
                                s.r[off] = r.nextInt(1024) - 512 + (r.nextBoolean() ? 0 : (s.r[off] & ~mask(size)));
                                yield op + " " + m + ", " + reg(size, off);
                            }
                            default -> op + " " + mem(r, s, size, 0, false) + ", " + r.nextInt(256);
                        };
                        add(text, s, OF | SF | AF | PF);
                    }
                }
            }
        }
        String[] scans = {"bsf", "bsr", "tzcnt", "lzcnt", "popcnt"};
        long[] undef = {CF | OF | SF | AF | PF, CF | OF | SF | AF | PF, OF | SF | AF | PF, OF | SF | AF | PF, 0};
        for (int k = 0; k < scans.length; k++) {
            for (int size : new int[] {2, 4, 8}) {
                for (int c = 0; c < 2 * n; c++) {
                    DiffCase.State s = state(r);
                    int d = pick(r, 0, false);
                    String src;
                    if (c % 2 == 0) {
                        int sr = pick(r, 0, false);
                        if (r.nextInt(4) == 0) s.r[sr] &= ~mask(size);
                        src = reg(size, sr);
                    } else {
                        src = mem(r, s, size, bit(d), false);
                    }
                    add(scans[k] + " " + reg(size, d) + ", " + src, s, undef[k]);
                }
            }
        }
    }

    // ---------------------------------------------------------------- conditions

    private void conditions() {
        for (int cc = 0; cc < 16; cc++) {
            for (int c = 0; c < n; c++) {
                DiffCase.State s = state(r);
                String dst = c % 3 == 2 ? mem(r, s, 1, 0, false) : reg(1, pick(r, 0, r.nextBoolean()));
                add("set" + CC[cc] + " " + dst, s, 0);
            }
            for (int size : new int[] {2, 4, 8}) {
                for (int c = 0; c < n / 2; c++) {
                    DiffCase.State s = state(r);
                    int d = pick(r, 0, false);
                    String src = c % 2 == 0 ? reg(size, pick(r, 0, false)) : mem(r, s, size, bit(d), false);
                    add("cmov" + CC[cc] + " " + reg(size, d) + ", " + src, s, 0);
                }
            }
            for (int c = 0; c < n / 2; c++) {
                DiffCase.State s = state(r);
                String pad = c % 2 == 0 ? "" : ".fill 200, 1, 0x90\n";
                add("j" + CC[cc] + " 1f\ninc rax\n" + pad + "1:", s, 0);
            }
        }
        // Condition codes read right after each lazily evaluated flag producer.
        String[] producers = {"add", "adc", "sub", "sbb", "and", "or", "xor", "cmp", "test"};
        for (String p : producers) {
            for (int cc = 0; cc < 16; cc++) {
                for (int c = 0; c < n / 2; c++) {
                    DiffCase.State s = state(r);
                    int size = SIZES[r.nextInt(4)];
                    int a = pick(r, 1L << 1, false), b = pick(r, 1L << 1, false);
                    if (r.nextBoolean()) s.r[b] = s.r[a] + r.nextInt(3) - 1;
                    long undef = p.equals("and") || p.equals("or") || p.equals("xor") || p.equals("test") ? AF : 0;
                    add(p + " " + reg(size, a) + ", " + reg(size, b) + "\nset" + CC[cc] + " cl", s, undef);
                }
            }
        }
        for (String p : new String[] {"inc", "dec", "neg"}) {
            for (int cc = 0; cc < 16; cc++) {
                for (int c = 0; c < n / 4; c++) {
                    DiffCase.State s = state(r);
                    int size = SIZES[r.nextInt(4)];
                    add(p + " " + reg(size, pick(r, 1L << 1, false)) + "\nset" + CC[cc] + " cl", s, 0);
                }
            }
        }
    }

    // ---------------------------------------------------------------- exchange and friends

    private void exchanges() {
        for (int size : SIZES) {
            for (int c = 0; c < 2 * n; c++) {
                DiffCase.State s = state(r);
                int a = pick(r, 0, false);
                String text = c % 2 == 0 ? "xchg " + reg(size, a) + ", " + reg(size, pick(r, 0, false))
                        : "xchg " + mem(r, s, size, bit(a), false) + ", " + reg(size, a);
                add(text, s, 0);
            }
            for (String op : new String[] {"cmpxchg", "xadd"}) {
                for (int c = 0; c < 2 * n; c++) {
                    DiffCase.State s = state(r);
                    int src = pick(r, 0, false);
                    String text;
                    if (c % 2 == 0) {
                        int d = pick(r, 0, false);
                        if (r.nextBoolean()) s.r[0] = s.r[d];
                        text = op + " " + reg(size, d) + ", " + reg(size, src);
                    } else {
                        text = (r.nextBoolean() ? "lock " : "") + op + " " + mem(r, s, size, bit(src) | 1, false) + ", " + reg(size, src);
                    }
                    add(text, s, 0);
                }
            }
        }
        // cmpxchg with an equal accumulator: preload rax from the same memory.
        for (int size : SIZES) {
            for (int c = 0; c < n; c++) {
                DiffCase.State s = state(r);
                int src = pick(r, 1 | 1L << 3, false);
                String m = mem(r, s, size, 1 | bit(src), false);
                add("mov " + reg(size, 0) + ", " + m + "\nlock cmpxchg " + m + ", " + reg(size, src), s, 0);
            }
        }
        for (String op : new String[] {"cmpxchg8b", "cmpxchg16b"}) {
            boolean wide = op.equals("cmpxchg16b");
            for (int c = 0; c < 2 * n; c++) {
                DiffCase.State s = state(r);
                String addr;
                if (wide && r.nextInt(8) > 0) {
                    // mostly aligned: a misaligned CMPXCHG16B faults (that is checked too)
                    s.r[6] = DiffRunner.DATA_ADDR + 16L * r.nextInt(255);
                    addr = "[rsi]";
                } else {
                    String m = mem(r, s, wide ? 16 : 8, 0xF, false);
                    addr = m.substring(m.indexOf('['));
                }
                // Half the cases load the expected value first, so the exchange succeeds.
                String preload = "";
                long undefined = 0;
                if (c % 2 == 0) {
                    preload = "mov rax, qword ptr " + addr + "\nmov rdx, qword ptr " + addr.replace("]", " + 8]") + "\n";
                    if (!wide) {
                        preload = "mov rax, qword ptr " + addr + "\nmov rdx, rax\nshr rdx, 32\n";
                        undefined = AF | OF; // left by the shr; cmpxchg8b itself only writes ZF
                    }
                }
                add(preload + "lock " + op + " " + (wide ? "xmmword ptr " : "qword ptr ") + addr, s, undefined);
            }
        }
    }

    private void misc() {
        String[] simple = {"cbw", "cwde", "cdqe", "cwd", "cdq", "cqo", "lahf", "sahf", "cmc", "clc", "stc", "cld", "std", "nop",
                "pause", "lfence", "mfence", "sfence", "endbr64", "nop dword ptr [rax + rax]", "nop word ptr [rax + rax + 0]"};
        for (String op : simple) {
            for (int c = 0; c < n; c++) add(op, state(r), 0);
        }
        for (int c = 0; c < n; c++) {
            DiffCase.State s = state(r);
            s.r[3] = DiffRunner.DATA_ADDR + r.nextInt(4096 - 256);
            add("xlatb", s, 0);
        }
        for (int size : new int[] {4, 8}) {
            for (int c = 0; c < n; c++) add("bswap " + reg(size, pick(r, 0, false)), state(r), 0);
        }
        for (int size : new int[] {2, 4, 8}) {
            for (int c = 0; c < n; c++) {
                DiffCase.State s = state(r);
                int d = pick(r, 0, false);
                String m = mem(r, s, size, bit(d), false);
                add(c % 2 == 0 ? "movbe " + reg(size, d) + ", " + m : "movbe " + m + ", " + reg(size, d), s, 0);
            }
        }
        String[][] crc = {{"4", "1"}, {"4", "2"}, {"4", "4"}, {"8", "1"}, {"8", "8"}};
        for (String[] cs : crc) {
            int ds = Integer.parseInt(cs[0]), ss = Integer.parseInt(cs[1]);
            for (int c = 0; c < n; c++) {
                DiffCase.State s = state(r);
                int d = pick(r, 0, false);
                String src = c % 2 == 0 ? reg(ss, pick(r, 0, false)) : mem(r, s, ss, bit(d), false);
                add("crc32 " + reg(ds, d) + ", " + src, s, 0);
            }
        }
        // Events: each must stop at the right instruction with the right signal.
        String[] events = {"inc eax\nint3\ninc eax", "inc eax\nud2", "hlt", "xor ecx, ecx\ndiv ecx", "mov rax, [0]",
                "mov rsp, 0x10000000\npush rax", "mov qword ptr [rsp + 0x1000], rax"};
        for (String e : events) {
            for (int c = 0; c < 4; c++) add(e, state(r), 0);
        }
    }
}
