package dev.binfarm.emulator.loader;

import dev.binfarm.emulator.elf.ElfFile;
import dev.binfarm.emulator.mem.Backing;
import java.util.List;

/**
 * The file bytes of all PT_LOAD segments, addressed by (unbiased) virtual
 * address: [p_vaddr, p_vaddr + p_filesz) shows the file, everything else is
 * zero (bss). One backing for the whole image, so a page shared by the end of
 * one segment and the start of the next shows both, as Linux's mapping does.
 */
final class ImageBacking implements Backing {
    private final byte[] file;
    private final List<ElfFile.Segment> loads;

    ImageBacking(byte[] file, List<ElfFile.Segment> loads) {
        this.file = file;
        this.loads = loads;
    }

    @Override
    public void fill(long vaddr, byte[] dst, int dstOff, int len) {
        for (ElfFile.Segment s : loads) {
            long from = Math.max(vaddr, s.vaddr());
            long to = Math.min(vaddr + len, s.vaddr() + s.filesz());
            if (from >= to) continue;
            System.arraycopy(file, (int) (s.offset() + (from - s.vaddr())), dst, dstOff + (int) (from - vaddr), (int) (to - from));
        }
    }
}
