package dev.binfarm.emulator.cpu;

import dev.binfarm.emulator.mem.Backing;
import dev.binfarm.emulator.mem.GuestMemory;
import org.openjdk.jmh.annotations.*;

import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/** Decoder throughput over a mix of common integer, SSE and memory-operand encodings (20 instructions). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecoderBench {
    /** mov rax,rbx; mov rax,[rbx+8]; add eax,1; lea; movzx; cmp; mov [rbp-20],eax; movsd; addsd; imul; shr; test;
     *  push; pop; movdqu [rdi+rcx*4+64]; xor r9d; mov fs:[0x28],rax; cmovne; nop dword [..]; sub rsp,0x88 */
    static final String MIX = "4889d8488b430883c001488d7424100fb6164839d18945ecf20f10442408f20f58c1486bc10c48c1ea03"
            + "84c0535bf30f6f548f404531c96448890425280000000f45c10f1f04004881ec88000000";
    static final int INSNS = 20;
    static final long AT = 0x400000;

    Decoder decoder;
    final Insn insn = new Insn();
    long end;

    @Setup
    public void setup() {
        byte[] code = HexFormat.of().parseHex(MIX);
        GuestMemory mem = new GuestMemory(1 << 20);
        mem.map(AT, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_EXEC, Backing.of(code), 0, "code");
        decoder = new Decoder(mem);
        end = AT + code.length;
    }

    /** Time per decoded instruction. */
    @Benchmark
    @OperationsPerInvocation(INSNS)
    public long decodeMix() {
        long at = AT, sum = 0;
        while (at < end) {
            decoder.decode(at, insn);
            sum += insn.op;
            at = insn.nextRip;
        }
        return sum;
    }
}
