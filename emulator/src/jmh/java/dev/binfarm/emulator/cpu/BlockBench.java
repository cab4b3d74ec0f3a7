package dev.binfarm.emulator.cpu;

import dev.binfarm.emulator.mem.Backing;
import dev.binfarm.emulator.mem.GuestMemory;
import org.openjdk.jmh.annotations.*;

import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * Block execution, interpreter versus compiled tier: a byte-checksum loop
 * (movzx load, add, rol, xor, lea, byte store, sub, jnz: 8 instructions per
 * iteration, 4096 iterations per invocation). Score = time per guest
 * instruction.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BlockBench {
    /*  mov rsi, 0x600000; mov ecx, 4096
     *  1: movzx edx, byte ptr [rsi]; add eax, edx; rol eax, 3; xor eax, ecx; lea rsi, [rsi+1];
     *     mov byte ptr [rsi-1], al; sub ecx, 1; jnz 1b */
    static final String LOOP = "48c7c600006000b9001000000fb61601d0c1c00331c8488d76018846ff83e90175ea";
    static final int INSNS = 2 + 8 * 4096;
    static final long CODE = 0x400000, DATA = 0x600000;

    /** Block executions before translation; -1 = interpreter only. */
    @Param({"-1", "1000"})
    public int jitThreshold;

    Cpu cpu;
    long end;

    @Setup
    public void setup() {
        byte[] code = HexFormat.of().parseHex(LOOP);
        GuestMemory mem = new GuestMemory(16 << 20);
        mem.map(CODE, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_EXEC, Backing.of(code), 0, "code");
        mem.map(DATA, 0x10000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, Backing.ZERO, 0, "data");
        cpu = new Cpu(mem);
        cpu.jitThreshold = jitThreshold;
        end = CODE + code.length;
        cpu.breakpoint = end;
    }

    @Benchmark
    @OperationsPerInvocation(INSNS)
    public long checksumLoop() {
        cpu.rip = CODE;
        Stop s = cpu.run(Long.MAX_VALUE / 2);
        if (s != Stop.BREAKPOINT) throw new IllegalStateException("stopped with " + s);
        return cpu.r[Cpu.RAX];
    }
}
