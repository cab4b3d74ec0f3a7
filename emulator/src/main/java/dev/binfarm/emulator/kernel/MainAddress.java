package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.elf.ElfFile;

/**
 * Where a glibc program's main is, without symbols (distribution binaries are
 * stripped): glibc's _start passes main to __libc_start_main in RDI, loaded by
 * the first {@code lea rdi,[rip+d]} (PIE) or {@code mov rdi,imm32} (non-PIE)
 * within its first bytes.
 */
final class MainAddress {
    private MainAddress() { }

    /** Bytes of _start searched; glibc's sets RDI within its first 40. */
    private static final int WINDOW = 64;

    /** The link-time address of main, or -1 when _start is not glibc's. */
    static long find(ElfFile elf, byte[] bytes) {
        long entry = elf.entry();
        for (ElfFile.Segment s : elf.loadSegments()) {
            if (entry < s.vaddr() || entry >= s.vaddr() + s.filesz()) continue;
            int off = (int) (s.offset() + entry - s.vaddr());
            int end = (int) Math.min(bytes.length - 7L, Math.min(off + WINDOW, s.offset() + s.filesz() - 7));
            for (int p = off; p < end; p++) {
                if ((bytes[p] & 0xFF) != 0x48) continue;
                int op = bytes[p + 1] & 0xFF, modrm = bytes[p + 2] & 0xFF;
                long imm = (bytes[p + 3] & 0xFFL) | (bytes[p + 4] & 0xFFL) << 8 | (bytes[p + 5] & 0xFFL) << 16 | (long) bytes[p + 6] << 24;
                if (op == 0x8D && modrm == 0x3D) return entry + (p - off) + 7 + imm; // lea rdi,[rip+disp32]
                if (op == 0xC7 && modrm == 0xC7) return imm & 0xFFFFFFFFL;         // mov rdi,imm32 (sign-extended, but below 2 GiB)
            }
            return -1;
        }
        return -1;
    }
}
