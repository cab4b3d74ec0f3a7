/**
 * The bundled x86-64 Linux user-mode emulator: loads an unmodified Linux ELF and
 * answers its system calls, inside the JVM. Public API: {@link dev.binfarm.emulator.Guest}
 * in, {@link dev.binfarm.emulator.GuestOutcome} out (exit, bounded output, instruction
 * count, wall time, the syscall trace and per-syscall coverage).
 *
 * <p>Owns: elf/ (parsing and validation), mem/ (guest address space), cpu/
 * (decoder, interpreter, SSE and x87 units), loader/ (process image), kernel/
 * (the syscall shim: one declarative table, handlers by subsystem, the run
 * loop driver), vfs/ (confined read-only filesystem and pseudo files). Same
 * program, inputs and seed give the same output and syscall trace. Must not
 * know about catalogs, databases, Quartz or runtimes other than itself.
 */
package dev.binfarm.emulator;
