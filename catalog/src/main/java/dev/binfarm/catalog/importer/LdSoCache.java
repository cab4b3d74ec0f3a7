package dev.binfarm.catalog.importer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The host loader's library cache, {@code /etc/ld.so.cache}, as glibc's dl-cache.c reads it:
 * the "glibc-ld.so.cache1.1" format (48-byte header, 24-byte entries, strings addressed from
 * the start of the new-format header), or the old "ld.so-1.7.0" format (16-byte header,
 * 12-byte entries, strings after the entries) with an optional new-format part after it.
 */
public record LdSoCache(List<Entry> entries) {
    public static final Path SYSTEM = Path.of("/etc/ld.so.cache");

    static final String MAGIC_NEW = "glibc-ld.so.cache", VERSION_NEW = "1.1", MAGIC_OLD = "ld.so-1.7.0";
    static final int NEW_HEADER = 48, NEW_ENTRY = 24, OLD_HEADER = 16, OLD_ENTRY = 12;
    /** FLAG_ELF_LIBC6 | FLAG_X8664_LIB64: what an x86-64 glibc loader accepts (_DL_CACHE_DEFAULT_ID). */
    public static final int X86_64_LIBC6 = 0x0303;
    /** Marks an entry of a glibc-hwcaps subdirectory (x86-64-v2, -v3, ...) in the hwcap field. */
    static final long HWCAP_EXTENSION = 1L << 62;

    /** One cache line as {@code ldconfig -p} prints it: soname, flags (0x303 = libc6,x86-64), path. */
    public record Entry(String soname, int flags, long hwcap, String path) {
        public boolean isX86_64Libc6() { return flags == X86_64_LIBC6; }

        /** True for entries of glibc-hwcaps subdirectories, chosen by CPU level. */
        public boolean isHwcapSubdirectory() { return (hwcap & HWCAP_EXTENSION) != 0; }
    }

    /** The file is not a cache we understand; the message says which field is wrong. */
    public static final class InvalidCacheException extends IOException {
        InvalidCacheException(String message) { super(message); }
    }

    public static LdSoCache read(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    public static LdSoCache parse(byte[] bytes) throws InvalidCacheException {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (startsWith(bytes, 0, MAGIC_NEW + VERSION_NEW)) return new LdSoCache(parseNew(bytes, buf, 0));
        if (!startsWith(bytes, 0, MAGIC_OLD))
            throw new InvalidCacheException("not an ld.so cache (no \"" + MAGIC_NEW + VERSION_NEW + "\" or \"" + MAGIC_OLD + "\" magic)");
        if (bytes.length < OLD_HEADER) throw new InvalidCacheException("old-format header truncated");
        long nlibs = buf.getInt(12) & 0xFFFFFFFFL;
        long entriesEnd = OLD_HEADER + nlibs * OLD_ENTRY;
        if (entriesEnd > bytes.length)
            throw new InvalidCacheException("old format: " + nlibs + " entries do not fit in " + bytes.length + " bytes");
        // ldconfig's compat mode writes the new format after the old one; glibc prefers it.
        int newAt = (int) ((entriesEnd + 7) & ~7L);
        if (startsWith(bytes, newAt, MAGIC_NEW + VERSION_NEW)) return new LdSoCache(parseNew(bytes, buf, newAt));
        List<Entry> out = new ArrayList<>();
        int strings = (int) entriesEnd;
        for (int i = 0; i < nlibs; i++) {
            int at = OLD_HEADER + i * OLD_ENTRY;
            int flags = buf.getInt(at);
            String key = string(bytes, strings, buf.getInt(at + 4), "entry " + i + " key");
            String value = string(bytes, strings, buf.getInt(at + 8), "entry " + i + " value");
            out.add(new Entry(key, flags, 0, value));
        }
        return new LdSoCache(List.copyOf(out));
    }

    private static List<Entry> parseNew(byte[] bytes, ByteBuffer buf, int base) throws InvalidCacheException {
        if (bytes.length - base < NEW_HEADER) throw new InvalidCacheException("header truncated");
        long nlibs = buf.getInt(base + 20) & 0xFFFFFFFFL;
        long lenStrings = buf.getInt(base + 24) & 0xFFFFFFFFL;
        int endianness = bytes[base + 28];
        if (endianness == 1) throw new InvalidCacheException("cache is big-endian");
        long entriesEnd = base + NEW_HEADER + nlibs * NEW_ENTRY;
        if (entriesEnd + lenStrings > bytes.length)
            throw new InvalidCacheException(nlibs + " entries and " + lenStrings + " bytes of strings do not fit in "
                    + bytes.length + " bytes");
        List<Entry> out = new ArrayList<>((int) nlibs);
        for (int i = 0; i < nlibs; i++) {
            int at = base + NEW_HEADER + i * NEW_ENTRY;
            int flags = buf.getInt(at);
            String key = string(bytes, base, buf.getInt(at + 4), "entry " + i + " key");
            String value = string(bytes, base, buf.getInt(at + 8), "entry " + i + " value");
            out.add(new Entry(key, flags, buf.getLong(at + 16), value));
        }
        return List.copyOf(out);
    }

    /** The path the host loader takes for {@code soname}, the first x86-64 libc6 entry in cache order. */
    public Optional<String> lookup(String soname) {
        // glibc picks among glibc-hwcaps variants by CPU level; the baseline entry is always
        // there too and is what a copied app needs on any x86-64 machine.
        String hwcapOnly = null;
        for (Entry e : entries) {
            if (!e.soname().equals(soname) || !e.isX86_64Libc6()) continue;
            if (!e.isHwcapSubdirectory()) return Optional.of(e.path());
            if (hwcapOnly == null) hwcapOnly = e.path();
        }
        return Optional.ofNullable(hwcapOnly);
    }

    private static String string(byte[] bytes, int base, int offset, String field) throws InvalidCacheException {
        long start = base + (offset & 0xFFFFFFFFL);
        if (start >= bytes.length) throw new InvalidCacheException(field + " string offset " + (offset & 0xFFFFFFFFL) + " is outside the file");
        int end = (int) start;
        while (end < bytes.length && bytes[end] != 0) end++;
        if (end == bytes.length) throw new InvalidCacheException(field + " string is not NUL-terminated");
        return new String(bytes, (int) start, end - (int) start, StandardCharsets.UTF_8);
    }

    private static boolean startsWith(byte[] bytes, int at, String magic) {
        if (at < 0 || bytes.length - at < magic.length()) return false;
        for (int i = 0; i < magic.length(); i++) if (bytes[at + i] != magic.charAt(i)) return false;
        return true;
    }
}
