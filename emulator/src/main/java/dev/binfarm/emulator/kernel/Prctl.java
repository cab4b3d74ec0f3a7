package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.sched.GuestThread;
import java.nio.charset.StandardCharsets;

/**
 * prctl and the process attributes it reads and writes, and the nice value of
 * getpriority/setpriority. Attributes Linux keeps per thread (timer slack, nice)
 * are kept per process: every thread runs on the one emulated CPU anyway.
 * Argument checks follow kernel/sys.c so errnos match the host's.
 */
final class Prctl {
    static final int PR_SET_PDEATHSIG = 1, PR_GET_PDEATHSIG = 2, PR_GET_DUMPABLE = 3, PR_SET_DUMPABLE = 4;
    static final int PR_GET_KEEPCAPS = 7, PR_SET_KEEPCAPS = 8, PR_SET_NAME = 15, PR_GET_NAME = 16;
    static final int PR_GET_SECCOMP = 21, PR_CAPBSET_READ = 23, PR_GET_TSC = 25, PR_SET_TSC = 26;
    static final int PR_SET_TIMERSLACK = 29, PR_GET_TIMERSLACK = 30, PR_MCE_KILL_GET = 34;
    static final int PR_SET_CHILD_SUBREAPER = 36, PR_GET_CHILD_SUBREAPER = 37;
    static final int PR_SET_NO_NEW_PRIVS = 38, PR_GET_NO_NEW_PRIVS = 39, PR_GET_TID_ADDRESS = 40;
    static final int PR_SET_THP_DISABLE = 41, PR_GET_THP_DISABLE = 42;
    static final int PR_SET_PTRACER = 0x59616d61, PR_SET_VMA = 0x53564d41;
    /** CAP_CHECKPOINT_RESTORE, the last capability of Linux 6.1. */
    static final int CAP_LAST_CAP = 40;
    static final long DEFAULT_TIMER_SLACK = 50_000;
    static final int PR_TSC_ENABLE = 1, PR_TSC_SIGSEGV = 2, PR_MCE_KILL_DEFAULT = 2;
    static final int NAME_LEN = 16;

    int pdeathsig;
    boolean dumpable = true, keepcaps, subreaper, noNewPrivs, thpDisable;
    long timerSlack = DEFAULT_TIMER_SLACK;
    /** The nice value, -20..19. */
    int nice;

    static long prctl(Kernel k, long option, long a2, long a3, long a4, long a5) {
        Prctl p = k.prctl;
        switch ((int) option) {
            case PR_SET_PDEATHSIG -> {
                if (a2 < 0 || a2 > 64) throw new ErrnoException(Errno.EINVAL);
                p.pdeathsig = (int) a2; // the parent is outside the emulator: it never dies first
                return 0;
            }
            case PR_GET_PDEATHSIG -> { k.mem.write32(a2, p.pdeathsig); return 0; }
            case PR_GET_DUMPABLE -> { return p.dumpable ? 1 : 0; }
            case PR_SET_DUMPABLE -> {
                if (a2 != 0 && a2 != 1) throw new ErrnoException(Errno.EINVAL);
                p.dumpable = a2 == 1;
                return 0;
            }
            case PR_GET_KEEPCAPS -> { return p.keepcaps ? 1 : 0; }
            case PR_SET_KEEPCAPS -> {
                if (a2 != 0 && a2 != 1) throw new ErrnoException(Errno.EINVAL);
                p.keepcaps = a2 == 1;
                return 0;
            }
            case PR_SET_NAME -> {
                byte[] raw = k.mem.read(a2, NAME_LEN); // EFAULT as Linux when unreadable
                int n = 0;
                while (n < NAME_LEN - 1 && raw[n] != 0) n++;
                thread(k).name = new String(raw, 0, n, StandardCharsets.UTF_8);
                return 0;
            }
            case PR_GET_NAME -> {
                byte[] b = new byte[NAME_LEN];
                byte[] n = name(k).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(n, 0, b, 0, Math.min(NAME_LEN - 1, n.length));
                k.mem.write(a2, b);
                return 0;
            }
            case PR_GET_SECCOMP -> { return 0; }
            case PR_CAPBSET_READ -> {
                if (a2 < 0 || a2 > CAP_LAST_CAP) throw new ErrnoException(Errno.EINVAL);
                return 1; // root with the full bounding set, as in a plain chroot
            }
            case PR_GET_TSC -> { k.mem.write32(a2, PR_TSC_ENABLE); return 0; }
            case PR_SET_TSC -> {
                if (a2 != PR_TSC_ENABLE && a2 != PR_TSC_SIGSEGV) throw new ErrnoException(Errno.EINVAL);
                return 0;
            }
            case PR_SET_TIMERSLACK -> { p.timerSlack = a2 <= 0 ? DEFAULT_TIMER_SLACK : a2; return 0; }
            case PR_GET_TIMERSLACK -> { return p.timerSlack; }
            case PR_MCE_KILL_GET -> {
                if ((a2 | a3 | a4 | a5) != 0) throw new ErrnoException(Errno.EINVAL);
                return PR_MCE_KILL_DEFAULT;
            }
            case PR_SET_CHILD_SUBREAPER -> { p.subreaper = a2 != 0; return 0; }
            case PR_GET_CHILD_SUBREAPER -> { k.mem.write32(a2, p.subreaper ? 1 : 0); return 0; }
            case PR_SET_NO_NEW_PRIVS -> {
                if (a2 != 1 || (a3 | a4 | a5) != 0) throw new ErrnoException(Errno.EINVAL);
                p.noNewPrivs = true;
                return 0;
            }
            case PR_GET_NO_NEW_PRIVS -> {
                if ((a2 | a3 | a4 | a5) != 0) throw new ErrnoException(Errno.EINVAL);
                return p.noNewPrivs ? 1 : 0;
            }
            case PR_GET_TID_ADDRESS -> { k.mem.write64(a2, thread(k).clearChildTid); return 0; }
            case PR_SET_THP_DISABLE -> {
                if ((a3 | a4 | a5) != 0) throw new ErrnoException(Errno.EINVAL);
                p.thpDisable = a2 != 0;
                return 0;
            }
            case PR_GET_THP_DISABLE -> {
                if ((a2 | a3 | a4 | a5) != 0) throw new ErrnoException(Errno.EINVAL);
                return p.thpDisable ? 1 : 0;
            }
            case PR_SET_PTRACER -> { return 0; } // Yama: nobody traces the guest
            // PR_SET_VMA (anonymous mapping names) answers EINVAL as a kernel without
            // CONFIG_ANON_VMA_NAME does; runtimes treat the names as optional.
            default -> throw new ErrnoException(Errno.EINVAL);
        }
    }

    private static GuestThread thread(Kernel k) { return k.thread(); }

    private static String name(Kernel k) {
        String n = k.thread().name;
        return n != null ? n : k.threadName;
    }

    static final int PRIO_PROCESS = 0, PRIO_PGRP = 1, PRIO_USER = 2;

    /** The raw syscall answers 20 - nice (1..40) so that no success is negative; libc converts. */
    static long getpriority(Kernel k, long which, long who) {
        checkWho(k, which, who);
        return 20 - k.prctl.nice;
    }

    static long setpriority(Kernel k, long which, long who, long niceval) {
        checkWho(k, which, who);
        // The guest is root, so it may lower its nice value too; Linux clamps out-of-range values.
        int v = (int) Math.max(-20, Math.min(19, niceval));
        if (niceval < Integer.MIN_VALUE || niceval > Integer.MAX_VALUE) v = niceval < 0 ? -20 : 19;
        k.prctl.nice = v;
        return 0;
    }

    private static void checkWho(Kernel k, long which, long who) {
        int w = (int) who;
        switch ((int) which) {
            case PRIO_PROCESS -> { if (w != 0 && k.sched.find(w) == null) throw new ErrnoException(Errno.ESRCH); }
            case PRIO_PGRP -> { if (w != 0 && w != Kernel.PID) throw new ErrnoException(Errno.ESRCH); }
            case PRIO_USER -> { if (w != 0) throw new ErrnoException(Errno.ESRCH); } // every process of uid 0: just this one
            default -> throw new ErrnoException(Errno.EINVAL);
        }
    }
}
