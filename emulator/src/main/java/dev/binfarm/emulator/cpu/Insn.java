package dev.binfarm.emulator.cpu;

/**
 * One decoded instruction. Decoded once per guest address and cached inside a
 * {@link Block}; executing it allocates nothing. Plain mutable fields so the
 * decoder fills them in place and the interpreter reads them without calls.
 *
 * <p>The decoder resolves everything that depends only on the bytes and the
 * address: operand sizes, register numbers with REX applied, the memory
 * operand's parts, immediates, and RIP-relative displacements (turned into an
 * absolute {@link #disp} with {@link #base} = {@link #NONE}).
 */
public final class Insn {
    /** Register number meaning "no register" in {@link #base} / {@link #index}. */
    public static final int NONE = -1;

    // Prefix bits in {@link #prefixes}.
    public static final int P_OPSIZE = 1;     // 0x66
    public static final int P_ADDRSIZE = 2;   // 0x67
    public static final int P_REP = 4;        // 0xF3
    public static final int P_REPNE = 8;      // 0xF2
    public static final int P_LOCK = 16;      // 0xF0
    public static final int P_REX = 32;       // any REX prefix present (selects SPL/BPL/SIL/DIL for byte regs)
    public static final int P_REXW = 64;

    // Segment overrides in {@link #seg} (only FS and GS have a base in 64-bit mode).
    public static final int SEG_NONE = 0, SEG_FS = 1, SEG_GS = 2;

    // Opcode maps, added to the opcode byte in {@link #opcode}.
    public static final int MAP_1 = 0x000, MAP_0F = 0x100, MAP_0F38 = 0x200, MAP_0F3A = 0x300;

    /** Handler id chosen by the decoder; the interpreter switches on it. */
    public int op;
    /** Map + opcode byte, e.g. 0x1AF for 0F AF (imul r, r/m). */
    public int opcode;
    /** P_* bits. */
    public int prefixes;
    /**
     * The SSE "mandatory prefix" in effect: 0, 0x66, 0xF3 or 0xF2 (F2/F3 win
     * over 66 when several are present, as on real hardware).
     */
    public int mandatory;
    /** Integer operand size in bytes: 1, 2, 4 or 8. */
    public int opSize;
    /** Address size in bytes: 4 (0x67 prefix) or 8. */
    public int addrSize;

    /** ModRM.reg with REX.R applied (0..15); for group opcodes the /digit (0..7). */
    public int reg;
    /** ModRM.mod (3 = register operand in {@link #rm}); -1 when the instruction has no ModRM. */
    public int mod;
    /** With mod == 3: ModRM.rm with REX.B applied (0..15). */
    public int rm;

    // Memory operand (mod != 3): seg:[base + index*scale + disp].
    public int base;
    public int index;
    /** log2 of the scale: 0..3. */
    public int scale;
    public long disp;
    public int seg;

    /** First immediate (sign-extended to 64 bits where the ISA sign-extends it). */
    public long imm;
    /** Second immediate (ENTER's nesting level, far pointers). */
    public long imm2;

    /** Address of this instruction and of the next one. */
    public long rip;
    public long nextRip;
    /** Encoded length in bytes (1..15). */
    public int len;

    public boolean hasMemoryOperand() { return mod != 3 && mod >= 0; }
}
