package dev.binfarm.emulator.cpu;

import dev.binfarm.emulator.mem.Backing;
import dev.binfarm.emulator.mem.GuestMemory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Decoded code must follow writes to it: self-modifying code, code rewritten between runs, remapping. */
class BlockCacheTest {
    @Test
    void codeRewrittenAfterItRanRunsTheNewVersion() {
        GuestMemory mem = new GuestMemory(1 << 20);
        long at = 0x500000;
        mem.map(at, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE | GuestMemory.PROT_EXEC,
                Backing.of(Asm.assemble("mov eax, 1")), 0, "code");
        Cpu c = new Cpu(mem);
        c.rip = at;
        c.breakpoint = at + 5;
        assertEquals(Stop.BREAKPOINT, c.run(100));
        assertEquals(1, c.r[Cpu.RAX]);
        assertEquals(1, c.cachedBlocks());

        mem.write(at, Asm.assemble("mov eax, 2"));
        assertEquals(0, c.cachedBlocks());
        c.rip = at;
        assertEquals(Stop.BREAKPOINT, c.run(100));
        assertEquals(2, c.r[Cpu.RAX]);
    }

    @Test
    void selfModifyingCodeInTheRunningBlockTakesEffectAtTheNextInstruction() {
        // The store patches the immediate of the very next instruction in the same block.
        Machine m = new Machine(new byte[0]);
        byte[] code = Asm.assemble("""
                lea rbx, [rip + 1f]
                mov byte ptr [rbx + 1], 42
                1: mov eax, 7
                """);
        GuestMemory mem = m.mem;
        long at = 0x700000;
        mem.map(at, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE | GuestMemory.PROT_EXEC, Backing.of(code), 0, "smc");
        m.cpu.rip = at;
        m.cpu.breakpoint = at + code.length;
        assertEquals(Stop.BREAKPOINT, m.cpu.run(1000));
        assertEquals(42, m.cpu.r[Cpu.RAX]);
    }

    @Test
    void manyBlocksAndInvalidationOfOnePageKeepsTheOthers() {
        GuestMemory mem = new GuestMemory(16 << 20);
        long at = 0x1000000;
        StringBuilder src = new StringBuilder();
        for (int k = 0; k < 3000; k++) src.append("add eax, 1\njmp 1f\n1:\n");
        byte[] code = Asm.assemble(src.toString());
        mem.map(at, GuestMemory.roundUp(code.length), GuestMemory.PROT_READ | GuestMemory.PROT_WRITE | GuestMemory.PROT_EXEC,
                Backing.of(code), 0, "code");
        Cpu c = new Cpu(mem);
        c.rip = at;
        c.breakpoint = at + code.length;
        assertEquals(Stop.BREAKPOINT, c.run(100_000));
        assertEquals(3000, c.r[Cpu.RAX]);
        int before = c.cachedBlocks();
        assertTrue(before >= 3000, "one block per jump, more where blocks end at page boundaries: " + before);
        mem.write8(at + 0x1000 + 1, mem.read8(at + 0x1000 + 1)); // touch the second page only
        int after = c.cachedBlocks();
        assertTrue(after < before && after > before - 900, "only the ~820 blocks of that page are dropped: " + after);
        c.rip = at;
        c.r[Cpu.RAX] = 0;
        assertEquals(Stop.BREAKPOINT, c.run(100_000));
        assertEquals(3000, c.r[Cpu.RAX]);
    }

    @Test
    void unmappingCodeMakesTheNextFetchFault() {
        GuestMemory mem = new GuestMemory(1 << 20);
        long at = 0x500000;
        mem.map(at, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_EXEC, Backing.of(Asm.assemble("nop\nnop")), 0, "code");
        Cpu c = new Cpu(mem);
        c.rip = at;
        c.breakpoint = at + 2;
        assertEquals(Stop.BREAKPOINT, c.run(100));
        mem.unmap(at, 0x1000);
        c.rip = at;
        assertEquals(Stop.FAULT, c.run(100));
        assertEquals(at, c.faultRip);
        assertEquals(at, c.fault.address());
    }

    @Test
    void threadsOfOneAddressSpaceShareDecodedCodeAndSeeItsChanges() {
        GuestMemory mem = new GuestMemory(1 << 20);
        long at = 0x500000;
        mem.map(at, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE | GuestMemory.PROT_EXEC,
                Backing.of(Asm.assemble("mov eax, 1")), 0, "code");
        Cpu main = new Cpu(mem);
        main.rip = at;
        main.breakpoint = at + 5;
        Cpu thread = new Cpu(main);
        assertEquals(Stop.BREAKPOINT, main.run(100));
        assertEquals(1, thread.cachedBlocks(), "the sibling sees the block main decoded");
        mem.write(at, Asm.assemble("mov eax, 3"));
        assertEquals(Stop.BREAKPOINT, thread.run(100));
        assertEquals(3, thread.r[Cpu.RAX]);
        assertEquals(1, main.r[Cpu.RAX]);
    }

    @Test
    void theCacheStartsOverInsteadOfGrowingWithoutBound() {
        int n = BlockCache.MAX_BLOCKS + 5000;
        byte[] code = Asm.assemble(".rept " + n + "\ninc eax\njmp 1f\n1:\n.endr");
        GuestMemory mem = new GuestMemory(64 << 20);
        long at = 0x1000000;
        mem.map(at, GuestMemory.roundUp(code.length), GuestMemory.PROT_READ | GuestMemory.PROT_EXEC, Backing.of(code), 0, "code");
        Cpu c = new Cpu(mem);
        c.rip = at;
        c.breakpoint = at + code.length;
        assertEquals(Stop.BREAKPOINT, c.run(10_000_000));
        assertEquals(n, c.r[Cpu.RAX]);
        assertTrue(c.cachedBlocks() < BlockCache.MAX_BLOCKS / 2, "started over: " + c.cachedBlocks());
    }
}
