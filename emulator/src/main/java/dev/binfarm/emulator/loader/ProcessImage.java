package dev.binfarm.emulator.loader;

/**
 * A loaded program, ready to run: where to start, the initial stack pointer,
 * and the layout the kernel needs (brk start, mmap area).
 *
 * @param bias      what was added to the ELF's addresses (0 for ET_EXEC)
 * @param pie       false for a fixed-address ET_EXEC (reported as non-PIE)
 * @param phdr      AT_PHDR
 * @param random    AT_RANDOM: address of the 16 seeded bytes
 * @param interpBase AT_BASE: where the dynamic loader was mapped (0 for static programs)
 * @param vdso      AT_SYSINFO_EHDR: where the vDSO is mapped, {@code vdsoSize} bytes
 */
public record ProcessImage(long entry, long sp, long bias, boolean pie, long phdr, long brkStart,
                           long stackTop, long stackBottom, long mmapTop, long random, long execfn,
                           long interpBase, long vdso, long vdsoSize) { }
