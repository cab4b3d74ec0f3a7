package dev.binfarm.emulator.cpu;

import dev.binfarm.emulator.mem.Backing;
import dev.binfarm.emulator.mem.GuestMemory;

/** A bare CPU with code at {@link #CODE}, data at {@link #DATA} and a stack, for unit tests. */
final class Machine {
    static final long CODE = 0x400000, DATA = 0x600000, STACK_TOP = 0x800000;

    final GuestMemory mem = new GuestMemory(64 << 20);
    final Cpu cpu = new Cpu(mem);

    Machine(String asm) {
        this(Asm.assemble(asm));
    }

    Machine(byte[] code) {
        mem.map(CODE, 0x10000, GuestMemory.PROT_READ | GuestMemory.PROT_EXEC, Backing.of(code), 0, "code");
        mem.map(DATA, 0x10000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, Backing.ZERO, 0, "data");
        mem.map(STACK_TOP - 0x10000, 0x10000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, Backing.ZERO, 0, "stack");
        cpu.rip = CODE;
        cpu.r[Cpu.RSP] = STACK_TOP - 64;
        cpu.breakpoint = CODE + code.length;
    }

    /** Runs to the end of the code (the breakpoint) and fails on any other stop. */
    Cpu run() {
        Stop s = cpu.run(100_000_000);
        if (s != Stop.BREAKPOINT)
            throw new AssertionError("stopped with " + s + " at 0x" + Long.toHexString(cpu.rip) + ": " + cpu.illegal + " " + cpu.fault);
        return cpu;
    }
}
