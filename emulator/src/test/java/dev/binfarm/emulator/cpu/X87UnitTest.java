package dev.binfarm.emulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** X87 behaviour that the host cannot be asked about from a user process: faults, reset state, helpers. */
class X87UnitTest {
    @Test
    void initialStateIsWhatLinuxGivesAProcess() {
        X87 x = new X87();
        assertEquals(0x037F, x.controlWord());
        assertEquals(0, x.statusWord());
        assertEquals(0xFFFF, x.tagWord());
    }

    @Test
    void misalignedFxsaveFaults() {
        Machine m = new Machine("lea rdi, [rip + 0x600008 - 0x400007]\nfxsave [rdi]");
        Stop s = m.cpu.run(1000);
        assertEquals(Stop.FAULT, s);
        assertEquals(Machine.DATA + 8, m.cpu.fault.address());
    }

    @Test
    void fxrstorWithReservedMxcsrBitsFaultsAndChangesNothing() {
        Machine m = new Machine("mov rdi, 0x600000\nfld1\nfxsave [rdi]\nmov dword ptr [rdi + 24], 0x10000\nfldz\nfxrstor [rdi]");
        Stop s = m.cpu.run(1000);
        assertEquals(Stop.FAULT, s);
        assertEquals(6 << 11, m.cpu.x87.statusWord() & 0x3800, "fldz still on the stack: TOP = 6");
        assertEquals(0, m.cpu.x87.stExponent(0), "ST(0) is still +0");
    }

    @Test
    void fxsaveImageLayout() {
        Machine m = new Machine("mov rdi, 0x600000\nfld1\nfldpi\nfxsave64 [rdi]");
        m.cpu.xmm[2] = 0x1122334455667788L;
        m.cpu.xmm[3] = 0x99AABBCCDDEEFF00L;
        m.run();
        var mem = m.mem;
        long a = Machine.DATA;
        assertEquals(0x037F, mem.read16(a));
        assertEquals(6 << 11, mem.read16(a + 2));
        assertEquals(0xC0, mem.read8(a + 4), "abridged tags: R6 and R7 valid");
        assertEquals(0x1F80, mem.read32(a + 24));
        assertEquals(0xFFFF, mem.read32(a + 28));
        assertEquals(0xC90FDAA22168C235L, mem.read64(a + 32), "ST(0) = pi");
        assertEquals(0x4000, mem.read16(a + 40));
        assertEquals(0x8000000000000000L, mem.read64(a + 48), "ST(1) = 1");
        assertEquals(0x3FFF, mem.read16(a + 56));
        assertEquals(0x1122334455667788L, mem.read64(a + 160 + 16));
        assertEquals(0x99AABBCCDDEEFF00L, mem.read64(a + 160 + 24));
    }

    @Test
    void undefinedEncodingsStopAsIllegal() {
        for (String bytes : new String[] {".byte 0xD9, 0xD1", ".byte 0xD9, 0x0F", ".byte 0x66, 0xD9, 0x37"}) {
            Machine m = new Machine("mov rdi, 0x600000\n" + bytes);
            assertEquals(Stop.ILLEGAL, m.cpu.run(1000), bytes);
            assertTrue(m.cpu.illegal.contains("unimplemented"), m.cpu.illegal);
        }
    }

    @Test
    void copyFromTakesTheWholeState() {
        Machine m = new Machine("fld1\nfldpi\nfldz\nfstp st(0)\nfldcw [rip + cw]\njmp 1f\ncw: .word 0x0c7f\n1:");
        Cpu c = m.run();
        X87 copy = new X87();
        copy.copyFrom(c.x87);
        assertEquals(c.x87.statusWord(), copy.statusWord());
        assertEquals(0x0C7F, copy.controlWord());
        assertEquals(c.x87.tagWord(), copy.tagWord());
        for (int i = 0; i < 8; i++) {
            assertEquals(c.x87.stExponent(i), copy.stExponent(i));
            assertEquals(c.x87.stSignificand(i), copy.stSignificand(i));
        }
        assertEquals(0x4000, copy.stExponent(0), "pi on top");
    }

    @Test
    void extendedMemoryHelpersRoundTrip() {
        Machine m = new Machine("nop");
        X87.writeExtended(m.mem, Machine.DATA + 3, 0xC00D, 0x8123456789ABCDEFL);
        assertEquals(0xC00D, X87.readSignExponent(m.mem, Machine.DATA + 3));
        assertEquals(0x8123456789ABCDEFL, X87.readSignificand(m.mem, Machine.DATA + 3));
        assertEquals(0xEF, m.mem.read8(Machine.DATA + 3));
        assertEquals(0xC0, m.mem.read8(Machine.DATA + 12));
        assertEquals(-0x8123456789ABCDEFp-49, X87.extendedToDouble(0xC00D, 0x8123456789ABCDEFL)); // javac rounds to nearest too
        assertEquals(Math.PI, X87.extendedToDouble(0x4000, 0xC90FDAA22168C235L));
    }

    @Test
    void fnstswAxAndFcomiThroughTheInterpreter() {
        Machine m = new Machine("fld1\nfldz\nfcomi st, st(1)\nsetb al\nmovzx ebx, al\nfnstsw ax");
        Cpu c = m.run();
        assertEquals(1, c.r[Cpu.RBX], "0 < 1 sets CF");
        assertEquals(6 << 11, c.r[Cpu.RAX] & 0xFFFF);
    }
}
