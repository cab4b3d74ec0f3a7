package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.mem.GuestFault;
import dev.binfarm.emulator.mem.GuestMemory;

/**
 * strace-style text for one call, for {@code farm emu --trace}: paths and
 * buffers quoted, the common flag words spelled out, errors by name.
 */
final class StraceFormat {
    private StraceFormat() { }

    static final int SHOWN_BYTES = 32;

    static String line(GuestMemory mem, Syscall s, long nr, long[] a, long result) {
        StringBuilder sb = new StringBuilder();
        if (s == null) {
            sb.append(SyscallNames.name(nr)).append('(');
            for (int n = 0; n < 6; n++) sb.append(n > 0 ? ", " : "").append(SyscallTrace.formatArg(a[n]));
            return sb.append(") = ").append(SyscallTrace.formatResult(result)).toString();
        }
        sb.append(s.name()).append('(');
        for (int n = 0; n < s.arity(); n++) {
            if (n > 0) sb.append(", ");
            sb.append(arg(mem, s, n, a, result));
        }
        sb.append(") = ");
        if (Errno.isError(result)) sb.append("-1 ").append(Errno.name((int) -result));
        else if (s.name().equals("mmap") || s.name().equals("brk") || s.name().equals("mremap")) sb.append("0x").append(Long.toHexString(result));
        else sb.append(SyscallTrace.formatArg(result));
        return sb.toString();
    }

    private static String arg(GuestMemory mem, Syscall s, int n, long[] a, long result) {
        long v = a[n];
        if (n == s.pathArg()) return string(mem, v);
        switch (s.name()) {
            case "openat", "newfstatat", "faccessat", "faccessat2", "readlinkat", "statx" -> {
                if (n == 0 && (int) v == VfsCalls.AT_FDCWD) return "AT_FDCWD";
                if (s.name().equals("openat") && n == 2) return openFlags(v);
            }
            case "open" -> { if (n == 1) return openFlags(v); }
            case "write", "pwrite64" -> { if (n == 1) return buffer(mem, v, a[2]); }
            case "read", "pread64" -> { if (n == 1) return Errno.isError(result) ? hex(v) : buffer(mem, v, result); }
            case "mmap" -> {
                if (n == 2) return prot(v);
                if (n == 3) return mapFlags(v);
                if (n == 0 || n == 5) return v == 0 ? "0" : hex(v);
            }
            case "mprotect" -> { if (n == 2) return prot(v); }
            default -> { }
        }
        return SyscallTrace.formatArg(v);
    }

    private static String hex(long v) { return "0x" + Long.toHexString(v); }

    private static String string(GuestMemory mem, long addr) {
        try {
            String str = mem.readCString(addr, 256);
            return str == null ? hex(addr) : '"' + escape(str) + '"';
        } catch (GuestFault f) {
            return hex(addr);
        }
    }

    private static String buffer(GuestMemory mem, long addr, long len) {
        if (len <= 0) return "\"\"";
        try {
            byte[] b = mem.read(addr, (int) Math.min(len, SHOWN_BYTES));
            String s = escape(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1));
            return '"' + s + '"' + (len > SHOWN_BYTES ? "..." : "");
        } catch (GuestFault f) {
            return hex(addr);
        }
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c < 0x100)) sb.append(String.format("\\x%02x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    static String openFlags(long v) {
        StringBuilder sb = new StringBuilder(switch ((int) v & 3) {
            case 0 -> "O_RDONLY";
            case 1 -> "O_WRONLY";
            case 2 -> "O_RDWR";
            default -> "O_ACCMODE";
        });
        long rest = v & ~3L;
        String[] names = {"O_CREAT", "O_EXCL", "O_NOCTTY", "O_TRUNC", "O_APPEND", "O_NONBLOCK", "O_DIRECTORY", "O_NOFOLLOW", "O_CLOEXEC", "O_PATH"};
        int[] bits = {0x40, 0x80, 0x100, 0x200, 0x400, 0x800, 0x10000, 0x20000, 0x80000, 0x200000};
        for (int i = 0; i < bits.length; i++) {
            if ((rest & bits[i]) != 0) { sb.append('|').append(names[i]); rest &= ~bits[i]; }
        }
        if (rest != 0) sb.append("|0x").append(Long.toHexString(rest));
        return sb.toString();
    }

    static String prot(long v) {
        if (v == 0) return "PROT_NONE";
        StringBuilder sb = new StringBuilder();
        if ((v & 1) != 0) sb.append("PROT_READ");
        if ((v & 2) != 0) sb.append(sb.isEmpty() ? "" : "|").append("PROT_WRITE");
        if ((v & 4) != 0) sb.append(sb.isEmpty() ? "" : "|").append("PROT_EXEC");
        if ((v & ~7L) != 0) sb.append(sb.isEmpty() ? "" : "|").append("0x").append(Long.toHexString(v & ~7L));
        return sb.toString();
    }

    static String mapFlags(long v) {
        StringBuilder sb = new StringBuilder(switch ((int) v & 0xf) {
            case 1 -> "MAP_SHARED";
            case 2 -> "MAP_PRIVATE";
            case 3 -> "MAP_SHARED_VALIDATE";
            default -> "0x" + Long.toHexString(v & 0xf);
        });
        long rest = v & ~0xfL;
        String[] names = {"MAP_FIXED", "MAP_ANONYMOUS", "MAP_DENYWRITE", "MAP_NORESERVE", "MAP_POPULATE", "MAP_STACK",
            "MAP_FIXED_NOREPLACE"};
        long[] bits = {0x10, 0x20, 0x800, 0x4000, 0x8000, 0x20000, 0x100000};
        for (int i = 0; i < bits.length; i++) {
            if ((rest & bits[i]) != 0) { sb.append('|').append(names[i]); rest &= ~bits[i]; }
        }
        if (rest != 0) sb.append("|0x").append(Long.toHexString(rest));
        return sb.toString();
    }
}
