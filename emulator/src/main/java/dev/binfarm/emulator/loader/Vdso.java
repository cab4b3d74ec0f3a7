package dev.binfarm.emulator.loader;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The virtual dynamic shared object every process gets, built like Linux's
 * x86-64 vdso: one ELF shared object (ET_DYN linked at 0) with PT_LOAD,
 * PT_DYNAMIC (DT_HASH, DT_SYMTAB, DT_STRTAB, DT_SONAME linux-vdso.so.1,
 * DT_VERSYM, DT_VERDEF naming LINUX_2.6) and a PT_NOTE carrying the kernel
 * version, so glibc's loader and musl find it as on Linux (AT_SYSINFO_EHDR).
 * That matters beyond the calls themselves: glibc's loader allocates a
 * link_map for it (its early mmap) and reads the kernel version from the note
 * instead of calling uname(2).
 *
 * <p>The functions are stubs that make the real system call (Linux answers
 * them in user space from the vvar page; here the virtual clock lives in the
 * kernel). The trace marks calls issued from this range as "vdso" so syscall
 * sequences can be compared with strace, which never sees them natively.
 */
public final class Vdso {
    private Vdso() { }

    /** The Linux version the note announces: that of {@code uname -r} (Info.RELEASE, 6.1.0). */
    static final int LINUX_VERSION_CODE = (6 << 16) | (1 << 8);
    static final String SONAME = "linux-vdso.so.1", VERSION = "LINUX_2.6";

    /** Functions (syscall number), each exported as __vdso_name (global) and name (weak), as Linux does. */
    private static final String[] FUNCTIONS = {"clock_gettime", "gettimeofday", "time", "getcpu", "clock_getres"};
    private static final int[] NUMBERS = {228, 96, 201, 309, 229};

    private static final byte[] IMAGE = build();

    /** The image (one page), the same for every process; callers must not modify it. */
    public static byte[] image() { return IMAGE; }

    /** Bytes the mapping occupies. */
    public static long size() { return IMAGE.length; }

    /** Offset in the image of {@code __vdso_<function>}'s code, or -1. */
    static int offsetOf(String function) {
        for (int i = 0; i < FUNCTIONS.length; i++) if (FUNCTIONS[i].equals(function)) return TEXT + 16 * i;
        return -1;
    }

    // Layout of the one page: headers, note, dynamic tables, code, section headers.
    private static final int EHDR = 64, PHDR = 56, PHNUM = 3, NOTE = 0x100, SYM = 24, DYN = 16;
    private static final int TEXT = 0x600, SHDRS = 0x800;
    static final int PT_LOAD = 1, PT_DYNAMIC = 2, PT_NOTE = 4;
    static final int DT_NULL = 0, DT_HASH = 4, DT_STRTAB = 5, DT_SYMTAB = 6, DT_STRSZ = 10, DT_SYMENT = 11,
            DT_SONAME = 14, DT_VERSYM = 0x6ffffff0, DT_VERDEF = 0x6ffffffc, DT_VERDEFNUM = 0x6ffffffd;

    private static byte[] build() {
        ByteBuffer b = ByteBuffer.allocate((int) Loader.PAGE).order(ByteOrder.LITTLE_ENDIAN);
        Strings dynstr = new Strings();
        int soname = dynstr.add(SONAME), version = dynstr.add(VERSION);

        // Symbols: index 0 is the null symbol; then per function the global __vdso_ name and the weak alias.
        int nsyms = 1 + 2 * FUNCTIONS.length;
        int[] symName = new int[nsyms];
        long[] symValue = new long[nsyms];
        int[] symBind = new int[nsyms];
        String[] names = new String[nsyms];
        for (int i = 0; i < FUNCTIONS.length; i++) {
            for (int weak = 0; weak < 2; weak++) {
                int s = 1 + 2 * i + weak;
                names[s] = (weak == 0 ? "__vdso_" : "") + FUNCTIONS[i];
                symName[s] = dynstr.add(names[s]);
                symValue[s] = TEXT + 16 * i;
                symBind[s] = weak == 0 ? 1 : 2; // STB_GLOBAL, STB_WEAK
            }
        }

        // Tables after the note, each 8-aligned.
        int dynsym = NOTE + 24;
        int dynstrOff = dynsym + nsyms * SYM;
        byte[] strs = dynstr.bytes();
        int hash = align(dynstrOff + strs.length, 8);
        int nbucket = 3;
        int versym = hash + 4 * (2 + nbucket + nsyms);
        int verdef = align(versym + 2 * nsyms, 8);
        int dynamic = verdef + 2 * (20 + 8);
        int ndyn = 10;
        int end = dynamic + ndyn * DYN;
        if (end > TEXT) throw new IllegalStateException("vdso tables overlap its code");

        // ELF header.
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        b.putShort(16, (short) 3);              // ET_DYN
        b.putShort(18, (short) 62);             // EM_X86_64
        b.putInt(20, 1);
        b.putLong(24, 0);                       // no entry point
        b.putLong(32, EHDR);                    // e_phoff
        b.putLong(40, SHDRS);                   // e_shoff
        b.putShort(52, (short) EHDR);
        b.putShort(54, (short) PHDR);
        b.putShort(56, (short) PHNUM);
        b.putShort(58, (short) 64);
        String[] sections = {"", ".hash", ".dynsym", ".dynstr", ".gnu.version", ".gnu.version_d", ".dynamic",
            ".note", ".text", ".shstrtab"};
        b.putShort(60, (short) sections.length);
        b.putShort(62, (short) (sections.length - 1));

        int size = (int) Loader.PAGE;
        phdr(b, 0, PT_LOAD, 5, 0, size, 0x1000);
        phdr(b, 1, PT_DYNAMIC, 4, dynamic, ndyn * DYN, 8);
        phdr(b, 2, PT_NOTE, 4, NOTE, 24, 4);

        // The note glibc's _dl_discover_osversion looks for: name "Linux", type 0, the version code.
        b.putInt(NOTE, 6).putInt(NOTE + 4, 4).putInt(NOTE + 8, 0);
        b.put(NOTE + 12, "Linux".getBytes(StandardCharsets.US_ASCII));
        b.putInt(NOTE + 20, LINUX_VERSION_CODE);

        int textSection = 8;
        for (int s = 1; s < nsyms; s++) {
            int at = dynsym + s * SYM;
            b.putInt(at, symName[s]);
            b.put(at + 4, (byte) ((symBind[s] << 4) | 2)); // STT_FUNC
            b.put(at + 5, (byte) 0);
            b.putShort(at + 6, (short) textSection);
            b.putLong(at + 8, symValue[s]);
            b.putLong(at + 16, 8);
        }
        b.put(dynstrOff, strs);

        // SysV hash table.
        b.putInt(hash, nbucket).putInt(hash + 4, nsyms);
        int[] bucket = new int[nbucket];
        int[] chain = new int[nsyms];
        for (int s = 1; s < nsyms; s++) {
            int h = (int) (elfHash(names[s]) % nbucket);
            chain[s] = bucket[h];
            bucket[h] = s;
        }
        for (int i = 0; i < nbucket; i++) b.putInt(hash + 8 + 4 * i, bucket[i]);
        for (int s = 0; s < nsyms; s++) b.putInt(hash + 8 + 4 * nbucket + 4 * s, chain[s]);

        // Every symbol is version 2, LINUX_2.6; version 1 is the object itself.
        for (int s = 1; s < nsyms; s++) b.putShort(versym + 2 * s, (short) 2);
        verdef(b, verdef, 1, 1, SONAME, soname, 28);
        verdef(b, verdef + 28, 0, 2, VERSION, version, 0);

        long[] dyn = {
            DT_HASH, hash, DT_STRTAB, dynstrOff, DT_SYMTAB, dynsym, DT_STRSZ, strs.length, DT_SYMENT, SYM,
            DT_SONAME, soname, DT_VERSYM, versym, DT_VERDEF, verdef, DT_VERDEFNUM, 2, DT_NULL, 0,
        };
        for (int i = 0; i < dyn.length; i++) b.putLong(dynamic + 8 * i, dyn[i]);

        // Code: mov eax, nr; syscall; ret; padded with int3.
        for (int i = 0; i < FUNCTIONS.length; i++) {
            int at = TEXT + 16 * i;
            for (int k = 0; k < 16; k++) b.put(at + k, (byte) 0xcc);
            b.put(at, (byte) 0xb8).putInt(at + 1, NUMBERS[i]);
            b.put(at + 5, (byte) 0x0f).put(at + 6, (byte) 0x05).put(at + 7, (byte) 0xc3);
        }
        int textEnd = TEXT + 16 * FUNCTIONS.length;

        // Section headers, for tools (readelf, gdb); the loaders need only the program headers.
        Strings shstr = new Strings();
        int[] shName = new int[sections.length];
        for (int i = 1; i < sections.length; i++) shName[i] = shstr.add(sections[i]);
        byte[] shstrBytes = shstr.bytes();
        int shstrOff = SHDRS + 64 * sections.length;
        b.put(shstrOff, shstrBytes);
        if (shstrOff + shstrBytes.length > size) throw new IllegalStateException("vdso does not fit a page");
        // name, type, flags, addr/offset, size, link, info, align, entsize
        shdr(b, 1, shName[1], 5, 2, hash, versym - hash, 2, 0, 8, 4);               // SHT_HASH
        shdr(b, 2, shName[2], 11, 2, dynsym, nsyms * SYM, 3, 1, 8, SYM);            // SHT_DYNSYM
        shdr(b, 3, shName[3], 3, 2, dynstrOff, strs.length, 0, 0, 1, 0);            // SHT_STRTAB
        shdr(b, 4, shName[4], 0x6fffffff, 2, versym, 2 * nsyms, 2, 0, 2, 2);        // SHT_GNU_versym
        shdr(b, 5, shName[5], 0x6ffffffd, 2, verdef, 56, 3, 2, 8, 0);               // SHT_GNU_verdef
        shdr(b, 6, shName[6], 6, 3, dynamic, ndyn * DYN, 3, 0, 8, DYN);             // SHT_DYNAMIC
        shdr(b, 7, shName[7], 7, 2, NOTE, 24, 0, 0, 4, 0);                          // SHT_NOTE
        shdr(b, 8, shName[8], 1, 6, TEXT, textEnd - TEXT, 0, 0, 16, 0);             // SHT_PROGBITS, AX
        shdr(b, 9, shName[9], 3, 0, shstrOff, shstrBytes.length, 0, 0, 1, 0);
        // .shstrtab is not part of the loaded image on Linux either, but our page holds it; its addr is 0.
        b.putLong(SHDRS + 64 * 9 + 16, 0);
        return b.array();
    }

    private static void phdr(ByteBuffer b, int i, int type, int flags, long at, long size, long align) {
        int p = EHDR + PHDR * i;
        b.putInt(p, type).putInt(p + 4, flags);
        b.putLong(p + 8, at).putLong(p + 16, at).putLong(p + 24, at);
        b.putLong(p + 32, size).putLong(p + 40, size).putLong(p + 48, align);
    }

    private static void verdef(ByteBuffer b, int at, int flags, int ndx, String name, int nameOff, int next) {
        b.putShort(at, (short) 1).putShort(at + 2, (short) flags).putShort(at + 4, (short) ndx).putShort(at + 6, (short) 1);
        b.putInt(at + 8, (int) elfHash(name)).putInt(at + 12, 20).putInt(at + 16, next);
        b.putInt(at + 20, nameOff).putInt(at + 24, 0);
    }

    private static void shdr(ByteBuffer b, int i, int name, int type, long flags, long at, long size, int link,
                             int info, long align, long entsize) {
        int p = SHDRS + 64 * i;
        b.putInt(p, name).putInt(p + 4, type).putLong(p + 8, flags).putLong(p + 16, at).putLong(p + 24, at);
        b.putLong(p + 32, size).putInt(p + 40, link).putInt(p + 44, info).putLong(p + 48, align).putLong(p + 56, entsize);
    }

    private static int align(int v, int a) { return (v + a - 1) & -a; }

    /** The System V ELF hash (DT_HASH buckets, vd_hash). */
    static long elfHash(String name) {
        long h = 0;
        for (byte c : name.getBytes(StandardCharsets.US_ASCII)) {
            h = (h << 4) + (c & 0xff);
            long g = h & 0xf0000000L;
            if (g != 0) h ^= g >>> 24;
            h &= ~g;
        }
        return h & 0xffffffffL;
    }

    /** A string table: offset 0 is the empty string. */
    private static final class Strings {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Strings() { out.write(0); }

        int add(String s) {
            int at = out.size();
            out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
            out.write(0);
            return at;
        }

        byte[] bytes() { return out.toByteArray(); }
    }
}
