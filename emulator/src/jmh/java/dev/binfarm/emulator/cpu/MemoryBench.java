package dev.binfarm.emulator.cpu;

import dev.binfarm.emulator.mem.Backing;
import dev.binfarm.emulator.mem.GuestMemory;
import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

/**
 * Guest memory access through {@link GuestMemory}: sequential 64-bit reads and
 * writes over 64 KiB (software-TLB hits) and a page-striding pattern over
 * 16 MiB that misses the TLB on every access.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MemoryBench {
    static final long BASE = 0x10000000L;
    static final int SMALL = 64 << 10, LARGE = 16 << 20, OPS = 8192;
    GuestMemory mem;

    @Setup
    public void setup() {
        mem = new GuestMemory(64 << 20);
        mem.map(BASE, LARGE, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, Backing.ZERO, 0, "data");
        for (long a = BASE; a < BASE + LARGE; a += GuestMemory.PAGE_SIZE) mem.write8(a, 1); // populate
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long read64Sequential() {
        long sum = 0;
        for (int k = 0; k < OPS; k++) sum += mem.read64(BASE + ((k * 8L) & (SMALL - 1)));
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void write64Sequential() {
        for (int k = 0; k < OPS; k++) mem.write64(BASE + ((k * 8L) & (SMALL - 1)), k);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long read32Unaligned() {
        long sum = 0;
        for (int k = 0; k < OPS; k++) sum += mem.read32(BASE + 1 + ((k * 4L) & (SMALL - 1)));
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long read64TlbMiss() {
        long sum = 0;
        // Stride of 257 pages: every access lands on a different TLB entry than the last.
        for (int k = 0; k < OPS; k++) sum += mem.read64(BASE + ((k * 257L * GuestMemory.PAGE_SIZE) & (LARGE - 1)));
        return sum;
    }
}
