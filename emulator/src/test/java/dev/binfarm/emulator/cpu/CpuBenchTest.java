package dev.binfarm.emulator.cpu;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A small CPU-bound loop (byte-wise checksum over a buffer, like a compressor's
 * inner loop) that prints the interpreter's speed. It asserts the result, never
 * the time.
 */
class CpuBenchTest {
    @Test
    void checksumLoopSpeed() {
        Machine m = new Machine("""
                mov r8d, 1500
                xor eax, eax
                outer:
                mov rsi, 0x600000
                mov ecx, 4096
                inner:
                movzx edx, byte ptr [rsi]
                add eax, edx
                rol eax, 3
                xor eax, ecx
                lea rsi, [rsi + 1]
                mov byte ptr [rsi - 1], al
                sub ecx, 1
                jnz inner
                dec r8d
                jnz outer
                """);
        // The expected value comes from running the same loop in Java.
        byte[] buf = new byte[4096];
        int eax = 0;
        for (int round = 0; round < 1500; round++) {
            for (int k = 0, ecx = 4096; k < 4096; k++, ecx--) {
                eax += buf[k] & 0xFF;
                eax = Integer.rotateLeft(eax, 3);
                eax ^= ecx;
                buf[k] = (byte) eax;
            }
        }
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = System.nanoTime(), cpu0 = threads.getCurrentThreadCpuTime();
        Cpu c = m.run();
        long ns = System.nanoTime() - t0, cpuNs = threads.getCurrentThreadCpuTime() - cpu0;
        assertEquals(eax & 0xFFFFFFFFL, c.r[Cpu.RAX]);
        // CPU time as well as wall time: the machine is shared, wall time alone is noisy.
        System.out.printf("cpu bench: %d instructions in %d ms = %.1f MIPS (%.1f MIPS of thread CPU time)%n", c.instructions,
                ns / 1_000_000, c.instructions * 1e3 / ns, c.instructions * 1e3 / cpuNs);
    }
}
