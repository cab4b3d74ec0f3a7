package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.mem.GuestFault;
import dev.binfarm.emulator.mem.GuestMemory;

/**
 * One line per call in the format of Unikraft's strace images (app-elfloader
 * 0.14), so a run in the emulator and one on real Unikraft can be diffed line
 * by line: descriptors as {@code fd:N}, mappings as {@code va:0x...}, output
 * structs as {@code <out>stat:{...}}, success without a value as {@code OK},
 * errors as {@code strerror (-errno)}, and calls without a dedicated printer
 * as their arguments in hex followed by {@code ...}.
 */
final class UnikraftStrace {
    private UnikraftStrace() { }

    private static final int SHOWN_BYTES = 32;

    static String line(GuestMemory mem, long nr, long[] a, long result) {
        String name = SyscallNames.name(nr);
        StringBuilder sb = new StringBuilder(name).append('(');
        String kind = switch (name) {
            case "openat" -> { sb.append(dirfd(a[0])).append(", ").append(string(mem, a[1])).append(", ").append(StraceFormat.openFlags(a[2]));
                if ((a[2] & 0x40) != 0) sb.append(", 0").append(Long.toOctalString(a[3] & 07777));
                yield "fd"; }
            case "open" -> { sb.append(string(mem, a[0])).append(", ").append(StraceFormat.openFlags(a[1]));
                if ((a[1] & 0x40) != 0) sb.append(", 0").append(Long.toOctalString(a[2] & 07777));
                yield "fd"; }
            case "mmap" -> { sb.append(ptr(a[0])).append(", ").append(a[1]).append(", ").append(StraceFormat.prot(a[2])).append(", ")
                    .append(StraceFormat.mapFlags(a[3])).append(", fd:").append((int) a[4]).append(", ").append(a[5]);
                yield "va"; }
            case "munmap" -> { sb.append(ptr(a[0])).append(", ").append(a[1]); yield "ok"; }
            case "mprotect" -> { sb.append(ptr(a[0])).append(", ").append(a[1]).append(", ").append(StraceFormat.prot(a[2])); yield "ok"; }
            case "brk" -> { sb.append(ptr(a[0])); yield "va"; }
            case "fstat" -> { sb.append("fd:").append((int) a[0]).append(", ").append(stat(mem, a[1], result)); yield "ok"; }
            case "stat", "lstat" -> { sb.append(string(mem, a[0])).append(", ").append(stat(mem, a[1], result)); yield "ok"; }
            case "newfstatat" -> { sb.append(dirfd(a[0])).append(", ").append(string(mem, a[1])).append(", ")
                    .append(stat(mem, a[2], result)).append(", 0x").append(Long.toHexString(a[3])); yield "ok"; }
            case "close", "fsync", "fdatasync" -> { sb.append("fd:").append((int) a[0]); yield "ok"; }
            case "read", "pread64" -> { sb.append("fd:").append((int) a[0]).append(", ")
                    .append(Errno.isError(result) ? ptr(a[1]) : "<out>" + buffer(mem, a[1], result)).append(", ").append(a[2]);
                if (name.equals("pread64")) sb.append(", ").append(a[3]);
                yield "n"; }
            case "write", "pwrite64" -> { sb.append("fd:").append((int) a[0]).append(", ").append(buffer(mem, a[1], a[2]))
                    .append(", ").append(a[2]);
                if (name.equals("pwrite64")) sb.append(", ").append(a[3]);
                yield "n"; }
            case "lseek" -> { sb.append("fd:").append((int) a[0]).append(", ").append(a[1]).append(", ").append(a[2]); yield "n"; }
            case "access" -> { sb.append(string(mem, a[0])).append(", ").append(a[1]); yield "ok"; }
            case "exit", "exit_group" -> { sb.append(a[0]); yield "ok"; }
            default -> {
                int arity = SyscallTable.get(nr) != null ? SyscallTable.get(nr).arity() : 3;
                for (int i = 0; i < arity; i++) sb.append(i > 0 ? ", " : "").append("0x").append(Long.toHexString(a[i]));
                sb.append(arity > 0 ? ", ..." : "...");
                yield "generic";
            }
        };
        sb.append(") = ");
        if (Errno.isError(result)) {
            int e = (int) -result;
            return sb.append(message(e)).append(" (").append(result).append(')').toString();
        }
        switch (kind) {
            case "fd" -> sb.append("fd:").append(result);
            case "va" -> sb.append("va:0x").append(Long.toHexString(result));
            case "n" -> sb.append(result);
            default -> sb.append(result == 0 ? "OK" : "0x" + Long.toHexString(result));
        }
        return sb.toString();
    }

    private static String dirfd(long v) {
        return (int) v == VfsCalls.AT_FDCWD ? "AT_FDCWD" : "fd:" + (int) v;
    }

    private static String ptr(long v) { return v == 0 ? "NULL" : "0x" + Long.toHexString(v); }

    private static String string(GuestMemory mem, long addr) {
        if (addr == 0) return "NULL";
        try {
            String s = mem.readCString(addr, 256);
            return s == null ? ptr(addr) : '"' + escape(s) + '"';
        } catch (GuestFault f) {
            return ptr(addr);
        }
    }

    private static String buffer(GuestMemory mem, long addr, long len) {
        if (len <= 0) return "\"\"";
        try {
            byte[] b = mem.read(addr, (int) Math.min(len, SHOWN_BYTES));
            return '"' + escape(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)) + '"' + (len > SHOWN_BYTES ? "..." : "");
        } catch (GuestFault f) {
            return ptr(addr);
        }
    }

    /** Linux's struct stat: st_mode at 24, st_size at 48. */
    private static String stat(GuestMemory mem, long addr, long result) {
        if (Errno.isError(result)) return "<out>" + ptr(addr);
        try {
            long mode = mem.read32(addr + 24) & 0xffffffffL;
            long size = mem.read64(addr + 48);
            return "<out>stat:{st_size=" + size + ", st_mode=0" + Long.toOctalString(mode) + ", ...}";
        } catch (GuestFault f) {
            return "<out>" + ptr(addr);
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
                    if (c < 0x20 || c >= 0x7f) sb.append(String.format("\\x%02x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    /** strerror(3) text, as Unikraft's strace prints it. */
    static String message(int e) {
        return switch (e) {
            case 1 -> "Operation not permitted";
            case 2 -> "No such file or directory";
            case 3 -> "No such process";
            case 4 -> "Interrupted system call";
            case 5 -> "I/O error";
            case 6 -> "No such device or address";
            case 7 -> "Argument list too long";
            case 8 -> "Exec format error";
            case 9 -> "Bad file descriptor";
            case 10 -> "No child processes";
            case 11 -> "Resource temporarily unavailable";
            case 12 -> "Out of memory";
            case 13 -> "Permission denied";
            case 14 -> "Bad address";
            case 16 -> "Resource busy";
            case 17 -> "File exists";
            case 18 -> "Cross-device link";
            case 19 -> "No such device";
            case 20 -> "Not a directory";
            case 21 -> "Is a directory";
            case 22 -> "Invalid argument";
            case 23 -> "Too many open files in system";
            case 24 -> "No file descriptors available";
            case 25 -> "Not a tty";
            case 27 -> "File too large";
            case 28 -> "No space left on device";
            case 29 -> "Invalid seek";
            case 30 -> "Read-only file system";
            case 31 -> "Too many links";
            case 32 -> "Broken pipe";
            case 34 -> "Result not representable";
            case 36 -> "Filename too long";
            case 38 -> "Function not implemented";
            case 39 -> "Directory not empty";
            case 40 -> "Symbolic link loop";
            case 61 -> "No data available";
            case 75 -> "Value too large for data type";
            case 88 -> "Not a socket";
            case 95 -> "Not supported";
            case 97 -> "Address family not supported by protocol";
            case 110 -> "Operation timed out";
            case 111 -> "Connection refused";
            default -> "Unknown error " + e;
        };
    }
}
