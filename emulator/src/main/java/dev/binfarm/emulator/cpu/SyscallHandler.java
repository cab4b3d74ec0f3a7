package dev.binfarm.emulator.cpu;

/**
 * The kernel side of the SYSCALL instruction. Called with RIP already past the
 * instruction; the handler reads arguments from the registers (rdi, rsi, rdx,
 * r10, r8, r9), stores the result in rax and may call {@link Cpu#halt()} to end
 * the run loop (exit, a signal that terminates, a blocking call).
 */
@FunctionalInterface
public interface SyscallHandler {
    void syscall(Cpu cpu);
}
