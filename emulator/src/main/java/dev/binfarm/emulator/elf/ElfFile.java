package dev.binfarm.emulator.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated x86-64 ELF64 image: what a loader needs (type, entry, program
 * headers, interpreter) and what a catalog needs (kind, DT_NEEDED, RUNPATH,
 * SONAME). Parsing never throws anything but {@link InvalidElfException}: every
 * offset and size is checked against the file before it is used.
 */
public record ElfFile(
        int type,
        long entry,
        List<Segment> segments,
        String interpreter,
        List<String> needed,
        String soname,
        List<String> runpath,
        List<String> rpath,
        long flags1,
        long phoff,
        int phentsize,
        int phnum) {

    public static final int ET_EXEC = 2, ET_DYN = 3;
    public static final int EM_X86_64 = 62;
    public static final int PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_PHDR = 6, PT_TLS = 7, PT_GNU_STACK = 0x6474e551;
    public static final int PF_X = 1, PF_W = 2, PF_R = 4;
    static final int DT_NULL = 0, DT_NEEDED = 1, DT_STRTAB = 5, DT_STRSZ = 10, DT_SONAME = 14, DT_RPATH = 15;
    static final int DT_RUNPATH = 29, DT_FLAGS_1 = 0x6ffffffb;
    public static final long DF_1_PIE = 0x08000000L;

    static final int EHDR_SIZE = 64, PHDR_SIZE = 56;
    /** No real program has more; more is a corrupt or hostile header. */
    static final int MAX_PHNUM = 4096;
    /** Loadable span we accept: far above any real program, far below the 47-bit address space. */
    static final long MAX_SPAN = 1L << 40;
    static final int MAX_INTERP = 4096;

    /** One program header. */
    public record Segment(int type, int flags, long offset, long vaddr, long filesz, long memsz, long align) {
        public boolean readable() { return (flags & PF_R) != 0; }
        public boolean writable() { return (flags & PF_W) != 0; }
        public boolean executable() { return (flags & PF_X) != 0; }
        public long end() { return vaddr + memsz; }
    }

    /** How this file would run. */
    public ElfKind kind() {
        boolean pieFlag = (flags1 & DF_1_PIE) != 0;
        if (type == ET_EXEC) return interpreter != null ? ElfKind.DYNAMIC : ElfKind.STATIC;
        if (type != ET_DYN) return ElfKind.OTHER;
        if (soname != null && !pieFlag) return ElfKind.SHARED_LIBRARY;
        if (interpreter != null) return ElfKind.DYNAMIC;
        if (pieFlag || (soname == null && entry != 0)) return ElfKind.STATIC_PIE;
        return ElfKind.SHARED_LIBRARY;
    }

    public List<Segment> loadSegments() {
        return segments.stream().filter(s -> s.type() == PT_LOAD).toList();
    }

    /** Lowest page-aligned address of the loadable segments. */
    public long minVaddr() {
        return loadSegments().stream().mapToLong(s -> s.vaddr() & ~0xFFFL).min().orElse(0);
    }

    /** End of the highest loadable segment, page aligned. */
    public long maxVaddr() {
        return loadSegments().stream().mapToLong(s -> (s.end() + 0xFFF) & ~0xFFFL).max().orElse(0);
    }

    /** Reads and validates the file at {@code bytes}. */
    public static ElfFile parse(byte[] bytes) throws InvalidElfException {
        return new Parser(bytes).parse();
    }

    /** Just the kind, or the reason it is not a loadable x86-64 ELF. */
    public static ElfKind classify(byte[] bytes) throws InvalidElfException {
        return parse(bytes).kind();
    }

    /** True when {@code bytes} begin with the ELF magic (cheap pre-check for scanners). */
    public static boolean hasMagic(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F';
    }

    private static final class Parser {
        private final byte[] bytes;
        private final ByteBuffer buf;

        Parser(byte[] bytes) {
            this.bytes = bytes;
            this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        ElfFile parse() throws InvalidElfException {
            if (!hasMagic(bytes)) throw InvalidElfException.notElf();
            if (bytes.length < EHDR_SIZE)
                throw InvalidElfException.invalid("file is " + bytes.length + " bytes, shorter than the 64-byte ELF header");
            if (bytes[4] != 2) throw InvalidElfException.invalid("EI_CLASS is " + bytes[4] + ", expected 2 (64-bit)");
            if (bytes[5] != 1) throw InvalidElfException.invalid("EI_DATA is " + bytes[5] + ", expected 1 (little-endian)");
            if (bytes[6] != 1) throw InvalidElfException.invalid("EI_VERSION is " + bytes[6] + ", expected 1");
            int type = u16(16);
            int machine = u16(18);
            if (machine != EM_X86_64)
                throw InvalidElfException.invalid("e_machine is " + machine + ", expected 62 (x86-64)");
            long entry = buf.getLong(24);
            long phoff = buf.getLong(32);
            int phentsize = u16(54);
            int phnum = u16(56);
            if (phnum > 0 && phentsize != PHDR_SIZE)
                throw InvalidElfException.invalid("e_phentsize is " + phentsize + ", expected 56");
            if (phnum > MAX_PHNUM) throw InvalidElfException.invalid("e_phnum is " + phnum + ", more than " + MAX_PHNUM);
            if (phnum > 0 && !within(phoff, (long) phnum * PHDR_SIZE))
                throw InvalidElfException.invalid("program headers (e_phoff 0x" + Long.toHexString(phoff) + ", "
                        + phnum + " entries) extend past the end of the file");

            List<Segment> segments = new ArrayList<>(phnum);
            for (int i = 0; i < phnum; i++) {
                int at = (int) phoff + i * PHDR_SIZE;
                segments.add(new Segment(buf.getInt(at), buf.getInt(at + 4), buf.getLong(at + 8),
                        buf.getLong(at + 16), buf.getLong(at + 32), buf.getLong(at + 40), buf.getLong(at + 48)));
            }
            boolean runnable = type == ET_EXEC || type == ET_DYN;
            if (runnable) checkLoadSegments(segments);
            String interp = runnable ? interpreter(segments) : null;
            Dynamic dyn = runnable ? dynamic(segments) : Dynamic.NONE;
            ElfFile elf = new ElfFile(type, entry, List.copyOf(segments), interp, dyn.needed, dyn.soname,
                    dyn.runpath, dyn.rpath, dyn.flags1, phoff, phentsize, phnum);
            if (elf.kind().isProgram() && segments.stream().noneMatch(s -> s.type() == PT_LOAD
                    && Long.compareUnsigned(entry - s.vaddr(), s.memsz()) < 0))
                throw InvalidElfException.invalid("e_entry 0x" + Long.toHexString(entry) + " is outside every PT_LOAD segment");
            return elf;
        }

        private void checkLoadSegments(List<Segment> segments) throws InvalidElfException {
            long prevEnd = Long.MIN_VALUE;
            int loads = 0;
            for (int i = 0; i < segments.size(); i++) {
                Segment s = segments.get(i);
                if (s.type() != PT_LOAD) continue;
                loads++;
                String name = "PT_LOAD[" + i + "]";
                if (s.filesz() < 0 || s.memsz() < 0 || s.vaddr() < 0 || s.offset() < 0)
                    throw InvalidElfException.invalid(name + " has a negative offset, address or size");
                if (Long.compareUnsigned(s.filesz(), s.memsz()) > 0)
                    throw InvalidElfException.invalid(name + " p_filesz 0x" + Long.toHexString(s.filesz())
                            + " exceeds p_memsz 0x" + Long.toHexString(s.memsz()));
                if (s.memsz() > MAX_SPAN || s.vaddr() > MAX_SPAN)
                    throw InvalidElfException.invalid(name + " is absurdly large or high (p_vaddr 0x"
                            + Long.toHexString(s.vaddr()) + ", p_memsz 0x" + Long.toHexString(s.memsz()) + ")");
                if (!within(s.offset(), s.filesz()))
                    throw InvalidElfException.invalid(name + " (p_offset 0x" + Long.toHexString(s.offset())
                            + ", p_filesz 0x" + Long.toHexString(s.filesz()) + ") extends past the end of the file");
                if (s.align() > 1 && (Long.bitCount(s.align()) != 1 || ((s.vaddr() - s.offset()) & (s.align() - 1) & 0xFFF) != 0))
                    throw InvalidElfException.invalid(name + " p_align 0x" + Long.toHexString(s.align())
                            + " does not fit p_vaddr/p_offset");
                if (s.vaddr() < prevEnd)
                    throw InvalidElfException.invalid(name + " at 0x" + Long.toHexString(s.vaddr())
                            + " overlaps or precedes the previous PT_LOAD");
                prevEnd = s.end();
            }
            if (loads == 0) throw InvalidElfException.invalid("no PT_LOAD segment");
        }

        private String interpreter(List<Segment> segments) throws InvalidElfException {
            for (Segment s : segments) {
                if (s.type() != PT_INTERP) continue;
                if (s.filesz() <= 1 || s.filesz() > MAX_INTERP || !within(s.offset(), s.filesz()))
                    throw InvalidElfException.invalid("PT_INTERP (p_offset 0x" + Long.toHexString(s.offset())
                            + ", p_filesz " + s.filesz() + ") is empty, too long or outside the file");
                int len = (int) s.filesz();
                int start = (int) s.offset();
                int end = start;
                while (end < start + len && bytes[end] != 0) end++;
                if (end == start + len) throw InvalidElfException.invalid("PT_INTERP path is not NUL-terminated");
                return new String(bytes, start, end - start, StandardCharsets.UTF_8);
            }
            return null;
        }

        private record Dynamic(List<String> needed, String soname, List<String> runpath, List<String> rpath, long flags1) {
            static final Dynamic NONE = new Dynamic(List.of(), null, List.of(), List.of(), 0);
        }

        private Dynamic dynamic(List<Segment> segments) throws InvalidElfException {
            Segment dyn = segments.stream().filter(s -> s.type() == PT_DYNAMIC).findFirst().orElse(null);
            if (dyn == null) return Dynamic.NONE;
            if (!within(dyn.offset(), dyn.filesz()))
                throw InvalidElfException.invalid("PT_DYNAMIC extends past the end of the file");
            List<Long> neededOffsets = new ArrayList<>();
            long strtab = -1, strsz = -1, soname = -1, runpath = -1, rpath = -1, flags1 = 0;
            for (long at = dyn.offset(); at + 16 <= dyn.offset() + dyn.filesz(); at += 16) {
                long tag = buf.getLong((int) at);
                long val = buf.getLong((int) at + 8);
                if (tag == DT_NULL) break;
                if (tag == DT_NEEDED) neededOffsets.add(val);
                else if (tag == DT_STRTAB) strtab = val;
                else if (tag == DT_STRSZ) strsz = val;
                else if (tag == DT_SONAME) soname = val;
                else if (tag == DT_RUNPATH) runpath = val;
                else if (tag == DT_RPATH) rpath = val;
                else if (tag == DT_FLAGS_1) flags1 = val;
            }
            boolean wantsStrings = !neededOffsets.isEmpty() || soname >= 0 || runpath >= 0 || rpath >= 0;
            if (!wantsStrings) return new Dynamic(List.of(), null, List.of(), List.of(), flags1);
            if (strtab < 0 || strsz <= 0) throw InvalidElfException.invalid("dynamic section lacks DT_STRTAB or DT_STRSZ");
            long strOff = fileOffset(segments, strtab);
            if (strOff < 0 || !within(strOff, strsz))
                throw InvalidElfException.invalid("DT_STRTAB 0x" + Long.toHexString(strtab) + " (size " + strsz
                        + ") is not inside the file");
            List<String> needed = new ArrayList<>();
            for (long off : neededOffsets) needed.add(string(strOff, strsz, off, "DT_NEEDED"));
            return new Dynamic(List.copyOf(needed),
                    soname >= 0 ? string(strOff, strsz, soname, "DT_SONAME") : null,
                    runpath >= 0 ? paths(string(strOff, strsz, runpath, "DT_RUNPATH")) : List.of(),
                    rpath >= 0 ? paths(string(strOff, strsz, rpath, "DT_RPATH")) : List.of(),
                    flags1);
        }

        private static List<String> paths(String colonSeparated) {
            return List.of(colonSeparated.split(":")).stream().filter(p -> !p.isEmpty()).toList();
        }

        private String string(long tableOff, long tableSize, long index, String field) throws InvalidElfException {
            if (index < 0 || index >= tableSize) throw InvalidElfException.invalid(field + " string index " + index + " is outside DT_STRTAB");
            int start = (int) (tableOff + index);
            int end = start;
            int limit = (int) (tableOff + tableSize);
            while (end < limit && bytes[end] != 0) end++;
            if (end == limit) throw InvalidElfException.invalid(field + " string is not NUL-terminated");
            return new String(bytes, start, end - start, StandardCharsets.UTF_8);
        }

        /** Maps a virtual address to its file offset through the PT_LOAD segments, or -1. */
        private static long fileOffset(List<Segment> segments, long vaddr) {
            for (Segment s : segments) {
                if (s.type() == PT_LOAD && Long.compareUnsigned(vaddr - s.vaddr(), s.filesz()) < 0)
                    return s.offset() + (vaddr - s.vaddr());
            }
            return -1;
        }

        private boolean within(long offset, long length) {
            return offset >= 0 && length >= 0 && offset <= bytes.length && length <= bytes.length - offset;
        }

        private int u16(int at) { return buf.getShort(at) & 0xFFFF; }
    }
}
