package dev.binfarm.emulator.cpu;

/** Why {@link Cpu#run(long)} returned. Details of the event are on the {@link Cpu}. */
public enum Stop {
    /** The instruction budget ran out; call run again (the caller checks its deadline). */
    BUDGET,
    /** Someone called {@link Cpu#halt()} (typically the syscall handler). */
    HALT,
    /** A memory access faulted: {@link Cpu#fault} and {@link Cpu#faultRip} tell where (SIGSEGV). */
    FAULT,
    /** Undefined or unimplemented instruction at {@link Cpu#faultRip}: {@link Cpu#illegal} says which (SIGILL). */
    ILLEGAL,
    /** Divide error (#DE) at {@link Cpu#faultRip} (SIGFPE). */
    DIVIDE,
    /** int3 (SIGTRAP); RIP is past the instruction, as on Linux. */
    TRAP,
    /** RIP reached {@link Cpu#breakpoint} (used by tests to end a snippet). */
    BREAKPOINT
}
