package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.mem.Backing;
import dev.binfarm.emulator.mem.GuestMemory;
import dev.binfarm.emulator.vfs.OpenFile;
import java.nio.charset.StandardCharsets;

/**
 * Names the function around a guest address from the symbol tables (.symtab,
 * else .dynsym) of the ELF object mapped there: the program, the loader or a
 * library. Works through the mapping's backing, so it sees exactly the bytes
 * the guest runs; used once per syscall number (coverage's first call site),
 * never per instruction.
 */
final class CallSites {
    private CallSites() { }

    private static final int SHT_SYMTAB = 2, SHT_DYNSYM = 11, STT_FUNC = 2, PT_LOAD = 1;
    /** Symbol tables beyond this are not scanned (a guard against garbage headers). */
    private static final long MAX_TABLE = 64L << 20;

    /**
     * The symbol containing {@code addr}, or null when the address is not in a
     * named file mapping or no table names it. The object is opened by its
     * mapping's name through the run's VFS (the program through /proc/self/exe),
     * and its load bias is the lowest mapping of that name minus its first
     * PT_LOAD's page, which holds however the loader or ld.so mapped it.
     */
    static String symbol(Kernel k, long addr) {
        try {
            java.util.List<GuestMemory.Mapping> maps = k.mem.mappings();
            String name = null;
            for (GuestMemory.Mapping m : maps) {
                if (addr >= m.start() && addr < m.end()) { name = m.name(); break; }
            }
            if (name == null || !name.startsWith("/")) return null;
            long lowest = Long.MAX_VALUE;
            for (GuestMemory.Mapping m : maps) if (name.equals(m.name())) lowest = Math.min(lowest, m.start());
            OpenFile f = k.vfs.open("/", name.equals(k.exePath) ? "/proc/self/exe" : name, OpenFile.O_RDONLY);
            try {
                return lookup(f.backing(0), addr, lowest);
            } finally {
                f.release();
            }
        } catch (RuntimeException e) {
            // A malformed or vanished object must not end the run; the site just stays unnamed.
            return null;
        }
    }

    private static String lookup(Backing b, long addr, long lowest) {
        byte[] eh = read(b, 0, 64);
        if (eh[0] != 0x7f || eh[1] != 'E' || eh[2] != 'L' || eh[3] != 'F' || eh[4] != 2) return null;
        long firstLoad = -1;
        long phoff = u64(eh, 0x20);
        int phentsize = u16(eh, 0x36), phnum = u16(eh, 0x38);
        for (int i = 0; i < phnum && i < 256; i++) {
            byte[] ph = read(b, phoff + (long) i * phentsize, 56);
            if (u32(ph, 0) == PT_LOAD) { firstLoad = u64(ph, 0x10) & ~0xfffL; break; }
        }
        if (firstLoad < 0) return null;
        long vaddr = addr - (lowest - firstLoad);
        long shoff = u64(eh, 0x28);
        int shentsize = u16(eh, 0x3a), shnum = u16(eh, 0x3c);
        if (shoff == 0 || shnum == 0) return null;
        String found = find(b, shoff, shentsize, shnum, SHT_SYMTAB, vaddr);
        return found != null ? found : find(b, shoff, shentsize, shnum, SHT_DYNSYM, vaddr);
    }

    private static String find(Backing b, long shoff, int shentsize, int shnum, int type, long vaddr) {
        for (int i = 0; i < shnum && i < 4096; i++) {
            byte[] sh = read(b, shoff + (long) i * shentsize, 64);
            if (u32(sh, 4) != type) continue;
            long off = u64(sh, 0x18), size = u64(sh, 0x20), ent = u64(sh, 0x38);
            int link = (int) u32(sh, 0x28);
            if (ent != 24 || size > MAX_TABLE) return null;
            byte[] syms = read(b, off, (int) size);
            for (int at = 0; at + 24 <= syms.length; at += 24) {
                if ((syms[at + 4] & 0xf) != STT_FUNC) continue;
                long value = u64(syms, at + 8), sz = u64(syms, at + 16);
                if (vaddr >= value && vaddr < value + Math.max(sz, 1)) {
                    byte[] strh = read(b, shoff + (long) link * shentsize, 64);
                    return cString(b, u64(strh, 0x18) + u32(syms, at));
                }
            }
        }
        return null;
    }

    private static String cString(Backing b, long at) {
        byte[] s = read(b, at, 256);
        int n = 0;
        while (n < s.length && s[n] != 0) n++;
        return n == 0 ? null : new String(s, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static byte[] read(Backing b, long off, int len) {
        byte[] out = new byte[len];
        b.fill(off, out, 0, len);
        return out;
    }

    private static int u16(byte[] a, int i) { return (a[i] & 0xff) | (a[i + 1] & 0xff) << 8; }

    private static long u32(byte[] a, int i) { return u16(a, i) | (long) u16(a, i + 2) << 16; }

    private static long u64(byte[] a, int i) { return u32(a, i) | u32(a, i + 4) << 32; }
}
