/**
 * The x86-64 CPU: decoder, decoded-block cache, integer interpreter with lazy
 * flags, the SSE and x87 units, and the CPUID model.
 *
 * <p>Flow: {@link dev.binfarm.emulator.cpu.Cpu#run(long)} looks up the
 * {@code Block} at RIP in the {@code BlockCache} (decoding it with
 * {@code Decoder} on a miss: straight-line code up to a control transfer, a
 * page boundary or 64 instructions), then runs each {@link dev.binfarm.emulator.cpu.Insn}
 * through {@code Interpreter.exec}, an int switch on the op id the decoder
 * chose ({@code Ops}). Instructions with XMM/MMX operands go to
 * {@code Sse}, x87 ones to {@code X87}. Blocks remember their last two
 * successors, so steady-state loops skip the cache lookup.
 *
 * <p>Decisions worth knowing:
 * <ul>
 * <li>Decoding is lazy: a block that ends in an undefined opcode or runs into
 *     an unmapped page still executes up to it; the stop names the exact RIP.</li>
 * <li>Faults are precise: RIP is the faulting instruction's, and memory
 *     destinations are written before registers and flags change, so nothing of
 *     the faulting instruction is visible (REP string ops keep the progress made
 *     by earlier elements, as hardware does).</li>
 * <li>HLT in user mode raises #GP on Linux, i.e. SIGSEGV: the run stops with
 *     {@link dev.binfarm.emulator.cpu.Stop#FAULT} and a fault at address 0
 *     ({@code PROTECTION}, {@code EXEC}), like the kernel's SI_KERNEL report.
 *     A misaligned CMPXCHG16B does the same at its operand address.</li>
 * <li>RDTSC is derived from the instruction count (deterministic runs).</li>
 * <li>Threads of one address space share one block cache: create the first
 *     CPU with {@code new Cpu(mem)} and the others with {@code new Cpu(cpu)}.</li>
 * <li>{@code Cpuid} reports exactly what is implemented (SSE4.1/4.2 are
 *     switched on by the SSE unit); /proc/cpuinfo and AT_HWCAP come from it.</li>
 * </ul>
 *
 * <p>Correctness is checked against the host CPU by the differential harness
 * in the tests ({@code cpu.diff}: generators of snippets + initial state, a C
 * oracle that runs them natively, all registers, defined flags and the data
 * area compared).
 */
package dev.binfarm.emulator.cpu;
