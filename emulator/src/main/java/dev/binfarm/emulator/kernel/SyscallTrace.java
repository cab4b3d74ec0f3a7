package dev.binfarm.emulator.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Every syscall a guest made, compactly: number, six raw arguments and the
 * result, in flat long arrays. Per-syscall counts and errno histograms cover
 * the whole run; the detailed list keeps the first {@link #DETAIL_LIMIT} calls
 * so a guest that makes millions of calls cannot fill the heap.
 */
public final class SyscallTrace {
    public static final int DETAIL_LIMIT = 200_000;
    private static final int STRIDE = 9; // nr, a0..a5, result, origin (1: from the vDSO)
    static final int MAX_NR = 512;
    private static final int MAX_ERRNO = 134;

    private long[] calls = new long[STRIDE * 256];
    private int size;
    private long total;
    private final long[] counts = new long[MAX_NR];
    private final long[][] errnos = new long[MAX_NR][];
    private final long[] denied = new long[MAX_NR];
    private long unknownNumbers;
    private final long[] firstSite = new long[MAX_NR];
    private final String[] firstSymbol = new String[MAX_NR];

    private long vdsoStart, vdsoSize;

    /**
     * The guest's vDSO range. Its functions make real system calls here, where Linux answers them
     * in user space (strace never sees them), so calls made from there are marked "vdso".
     */
    public void vdso(long start, long size) {
        vdsoStart = start;
        vdsoSize = size;
    }

    /** Records a call made by the SYSCALL instruction at {@code site}. */
    void record(long nr, long[] args, long result, long site) {
        total++;
        if (size < DETAIL_LIMIT) {
            if ((size + 1) * STRIDE > calls.length) calls = Arrays.copyOf(calls, calls.length * 2);
            int at = size * STRIDE;
            calls[at] = nr;
            System.arraycopy(args, 0, calls, at + 1, 6);
            calls[at + 7] = result;
            calls[at + 8] = Long.compareUnsigned(site - vdsoStart, vdsoSize) < 0 ? 1 : 0;
            size++;
        }
        if (nr < 0 || nr >= MAX_NR) { unknownNumbers++; return; }
        counts[(int) nr]++;
        if (Errno.isError(result) && -result < MAX_ERRNO) {
            long[] h = errnos[(int) nr];
            if (h == null) h = errnos[(int) nr] = new long[MAX_ERRNO];
            h[(int) -result]++;
        }
    }

    /** True before the first call of {@code nr} is recorded (the kernel then notes its call site). */
    boolean firstCall(long nr) {
        return nr >= 0 && nr < MAX_NR && counts[(int) nr] == 0;
    }

    /** Where the first call of {@code nr} came from: the guest address of its SYSCALL and the enclosing symbol (or null). */
    void site(long nr, long address, String symbol) {
        firstSite[(int) nr] = address;
        firstSymbol[(int) nr] = symbol;
    }

    /** Guest address of the first SYSCALL instruction that made {@code nr} (0 when never made). */
    public long firstSite(int nr) { return nr >= 0 && nr < MAX_NR ? firstSite[nr] : 0; }

    /** The ELF symbol (function) containing {@link #firstSite}, like "__libc_open64", or null when no symbol table names it. */
    public String firstSymbol(int nr) { return nr >= 0 && nr < MAX_NR ? firstSymbol[nr] : null; }

    /** Calls of {@code nr} the profile refused. */
    public long denied(int nr) { return nr >= 0 && nr < MAX_NR ? denied[nr] : 0; }

    /** Counts a call the profile refused (it is also recorded as an ordinary call returning -ENOSYS). */
    void deny(long nr) {
        if (nr >= 0 && nr < MAX_NR) denied[(int) nr]++;
    }

    /** Calls kept in detail (at most {@link #DETAIL_LIMIT}). */
    public int size() { return size; }
    /** All calls, including those past the detail limit. */
    public long total() { return total; }
    public long nr(int i) { return calls[i * STRIDE]; }
    public long arg(int i, int n) { return calls[i * STRIDE + 1 + n]; }
    public long result(int i) { return calls[i * STRIDE + 7]; }
    /** True when call {@code i} came from the vDSO (natively answered in user space, no syscall). */
    public boolean fromVdso(int i) { return calls[i * STRIDE + 8] != 0; }

    /** Coverage rows, by syscall number; syscalls never made are absent. */
    public List<SyscallUsage> usage() {
        List<SyscallUsage> out = new ArrayList<>();
        for (int nr = 0; nr < MAX_NR; nr++) {
            if (counts[nr] == 0) continue;
            TreeMap<String, Long> errors = new TreeMap<>();
            if (errnos[nr] != null) {
                for (int e = 1; e < MAX_ERRNO; e++) if (errnos[nr][e] > 0) errors.put(Errno.name(e), errnos[nr][e]);
            }
            out.add(new SyscallUsage(nr, SyscallNames.name(nr), counts[nr], errors, denied[nr]));
        }
        return out;
    }

    /** True when both traces hold the same calls with the same arguments and results. */
    public boolean sameAs(SyscallTrace other) {
        return total == other.total && size == other.size
                && Arrays.equals(calls, 0, size * STRIDE, other.calls, 0, size * STRIDE);
    }

    /**
     * One line per kept call: {@code name(a0, a1, a2) = result}, arguments up to the syscall's arity;
     * calls from the vDSO end in {@code " [vdso]"}.
     */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < size; i++) {
            int nr = (int) nr(i);
            Syscall s = SyscallTable.get(nr);
            sb.append(s == null ? SyscallNames.name(nr) : s.name()).append('(');
            int arity = s == null ? 6 : s.arity();
            for (int n = 0; n < arity; n++) {
                if (n > 0) sb.append(", ");
                sb.append(formatArg(arg(i, n)));
            }
            sb.append(") = ").append(formatResult(result(i)));
            if (fromVdso(i)) sb.append(" [vdso]");
            sb.append('\n');
        }
        return sb.toString();
    }

    static String formatArg(long v) {
        // A negative int passed in a 64-bit register (AT_FDCWD, -1 fds) reads better signed.
        if ((v >>> 32) == 0 && (int) v < 0 && (int) v >= -4096) return Integer.toString((int) v);
        return v >= -4096 && v < 65536 ? Long.toString(v) : "0x" + Long.toHexString(v);
    }

    static String formatResult(long r) {
        if (Errno.isError(r)) return "-1 " + Errno.name((int) -r);
        return formatArg(r);
    }
}
