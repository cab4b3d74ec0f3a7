package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.GuestExit;

/** The process itself: exit, ids, arch_prctl, thread bookkeeping, limits (prctl: Prctl; threads and futex: Threads, Futex). */
final class ProcessCalls {
    private ProcessCalls() { }

    static final int ARCH_SET_GS = 0x1001, ARCH_SET_FS = 0x1002, ARCH_GET_FS = 0x1003, ARCH_GET_GS = 0x1004;
    static final long RLIM_INFINITY = -1L;
    static final int RLIMIT_STACK = 3, RLIMIT_NOFILE = 7, RLIMIT_NLIMITS = 16;

    static long exitGroup(Kernel k, long status) {
        k.terminate(new GuestExit.Exited((int) (status & 0xff)));
        return 0;
    }

    static long archPrctl(Kernel k, long code, long addr) {
        switch ((int) code) {
            case ARCH_SET_FS -> { checkCanonical(addr); k.cpu.fsBase = addr; return 0; }
            case ARCH_SET_GS -> { checkCanonical(addr); k.cpu.gsBase = addr; return 0; }
            case ARCH_GET_FS -> { k.mem.write64(addr, k.cpu.fsBase); return 0; }
            case ARCH_GET_GS -> { k.mem.write64(addr, k.cpu.gsBase); return 0; }
            default -> throw new ErrnoException(Errno.EINVAL);
        }
    }

    private static void checkCanonical(long addr) {
        if (addr < 0 || addr >= (1L << 47)) throw new ErrnoException(Errno.EPERM);
    }

    static long setTidAddress(Kernel k, long addr) {
        k.thread().clearChildTid = addr;
        return k.thread().tid;
    }

    static long setRobustList(Kernel k, long head, long len) {
        if (len != 24) throw new ErrnoException(Errno.EINVAL);
        k.thread().robustList = head;
        k.thread().robustLen = len;
        return 0;
    }

    static long getRobustList(Kernel k, long pid, long headPtr, long lenPtr) {
        dev.binfarm.emulator.sched.GuestThread t = pid == 0 ? k.thread() : k.sched.find(pid);
        if (t == null) throw new ErrnoException(Errno.ESRCH);
        k.mem.write64(headPtr, t.robustList);
        k.mem.write64(lenPtr, t.robustLen == 0 ? 24 : t.robustLen);
        return 0;
    }

    static long umask(Kernel k, long mask) {
        int old = k.umask;
        k.umask = (int) (mask & 0777);
        return old;
    }

    /** Resource limits the guest sees: an 8 MiB stack, 1024 descriptors, the rest unlimited. */
    static long[] limit(int resource) {
        return switch (resource) {
            case RLIMIT_STACK -> new long[] {8L << 20, RLIM_INFINITY};
            case RLIMIT_NOFILE -> new long[] {FdTable.MAX_FDS, FdTable.MAX_FDS};
            default -> new long[] {RLIM_INFINITY, RLIM_INFINITY};
        };
    }

    static long prlimit64(Kernel k, long pid, long resource, long newLimit, long oldLimit) {
        if (pid != 0 && pid != Kernel.PID) throw new ErrnoException(Errno.ESRCH);
        if (resource < 0 || resource >= RLIMIT_NLIMITS) throw new ErrnoException(Errno.EINVAL);
        if (oldLimit != 0) {
            long[] l = limit((int) resource);
            k.mem.write64(oldLimit, l[0]);
            k.mem.write64(oldLimit + 8, l[1]);
        }
        if (newLimit != 0) {
            long cur = k.mem.read64(newLimit), max = k.mem.read64(newLimit + 8);
            if (Long.compareUnsigned(cur, max) > 0) throw new ErrnoException(Errno.EINVAL);
        }
        return 0;
    }

    static long getrlimit(Kernel k, long resource, long addr) {
        return prlimit64(k, 0, resource, 0, addr);
    }

    static long setrlimit(Kernel k, long resource, long addr) {
        return prlimit64(k, 0, resource, addr, 0);
    }

    static long getresid(Kernel k, long a, long b, long c) {
        k.mem.write32(a, 0);
        k.mem.write32(b, 0);
        k.mem.write32(c, 0);
        return 0;
    }
}
