package dev.binfarm.emulator.kernel;

/** Clocks and sleeping, all on the {@link GuestClock}: virtual by default, so no host time reaches the guest. */
final class Time {
    private Time() { }

    static final int CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME_ID = 2, CLOCK_THREAD_CPUTIME_ID = 3;
    static final int CLOCK_MONOTONIC_RAW = 4, CLOCK_REALTIME_COARSE = 5, CLOCK_MONOTONIC_COARSE = 6, CLOCK_BOOTTIME = 7;
    static final int TIMER_ABSTIME = 1;
    static final long NS = GuestClock.NANOS;
    static final int CLK_TCK = 100;

    static long now(Kernel k, long clock) {
        long insns = k.instructions();
        return switch ((int) clock) {
            case CLOCK_REALTIME, CLOCK_REALTIME_COARSE, 11 /* CLOCK_TAI */ -> k.clock.realtime(insns);
            case CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME -> k.clock.monotonic(insns);
            case CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID -> k.clock.cpuTime(insns);
            default -> throw new ErrnoException(Errno.EINVAL);
        };
    }

    static long clockGettime(Kernel k, long clock, long tp) {
        long t = now(k, clock);
        k.mem.write64(tp, t / NS);
        k.mem.write64(tp + 8, t % NS);
        return 0;
    }

    static long clockGetres(Kernel k, long clock, long res) {
        now(k, clock);
        if (res != 0) {
            k.mem.write64(res, 0);
            k.mem.write64(res + 8, 1);
        }
        return 0;
    }

    static long gettimeofday(Kernel k, long tv, long tz) {
        long t = k.clock.realtime(k.instructions());
        if (tv != 0) {
            k.mem.write64(tv, t / NS);
            k.mem.write64(tv + 8, (t % NS) / 1000);
        }
        if (tz != 0) {
            k.mem.write32(tz, 0);
            k.mem.write32(tz + 4, 0);
        }
        return 0;
    }

    static long time(Kernel k, long tloc) {
        long s = k.clock.realtime(k.instructions()) / NS;
        if (tloc != 0) k.mem.write64(tloc, s);
        return s;
    }

    private static long timespec(Kernel k, long addr) {
        long sec = k.mem.read64(addr), nsec = k.mem.read64(addr + 8);
        if (sec < 0 || nsec < 0 || nsec >= NS) throw new ErrnoException(Errno.EINVAL);
        return sec > Long.MAX_VALUE / NS - 1 ? Long.MAX_VALUE / 2 : sec * NS + nsec;
    }

    /** nanosleep: parks the thread on the guest clock (see {@link Threads#sleep}). */
    static long nanosleep(Kernel k, long req, long rem) {
        long d = k.thread().resumed() ? 0 : timespec(k, req);
        return Threads.sleep(k, k.monotonicNow() + d, rem);
    }

    static long clockNanosleep(Kernel k, long clock, long flags, long req, long rem) {
        if (clock == CLOCK_THREAD_CPUTIME_ID) throw new ErrnoException(Errno.EINVAL);
        if (k.thread().resumed()) return Threads.sleep(k, 0, (flags & TIMER_ABSTIME) != 0 ? 0 : rem);
        long t = timespec(k, req);
        now(k, clock); // EINVAL for an unknown clock
        long deadline;
        if ((flags & TIMER_ABSTIME) == 0) deadline = k.monotonicNow() + t;
        else deadline = switch ((int) clock) {
            case CLOCK_REALTIME, CLOCK_REALTIME_COARSE, 11 -> k.realtimeToMonotonic(t);
            case CLOCK_PROCESS_CPUTIME_ID -> k.monotonicNow() + (t - k.clock.cpuTime(k.instructions()));
            default -> t;
        };
        return Threads.sleep(k, deadline, (flags & TIMER_ABSTIME) != 0 ? 0 : rem);
    }

    /** struct tms in clock ticks: all time is user time. */
    static long times(Kernel k, long buf) {
        long insns = k.instructions();
        long ticks = k.clock.cpuTime(insns) / (NS / CLK_TCK);
        if (buf != 0) {
            k.mem.write64(buf, ticks);
            k.mem.write64(buf + 8, 0);
            k.mem.write64(buf + 16, 0);
            k.mem.write64(buf + 24, 0);
        }
        return k.clock.uptime(insns) / (NS / CLK_TCK);
    }

    static long getrusage(Kernel k, long whoArg, long usage) {
        int who = (int) whoArg; // an int in the kernel: RUSAGE_CHILDREN arrives as 0xffffffff
        if (who != 0 && who != -1 && who != 1) throw new ErrnoException(Errno.EINVAL);
        long cpu = who == -1 ? 0 : k.clock.cpuTime(k.instructions());
        byte[] zero = new byte[144];
        k.mem.write(usage, zero);
        k.mem.write64(usage, cpu / NS);
        k.mem.write64(usage + 8, (cpu % NS) / 1000);
        k.mem.write64(usage + 32, k.mem.residentBytes() / 1024); // ru_maxrss in KiB
        return 0;
    }
}
