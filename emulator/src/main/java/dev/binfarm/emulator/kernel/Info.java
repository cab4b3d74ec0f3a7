package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.vfs.OpenFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** What the guest may learn about its machine: uname, sysinfo, getrandom, ioctl, CPU affinity. */
final class Info {
    private Info() { }

    public static final String SYSNAME = "Linux", NODENAME = "binfarm", RELEASE = "6.1.0";
    public static final String VERSION = "#1 SMP PREEMPT_DYNAMIC binfarm", MACHINE = "x86_64", DOMAIN = "(none)";

    static long uname(Kernel k, long buf) {
        byte[] b = new byte[65 * 6];
        String[] fields = {SYSNAME, NODENAME, RELEASE, VERSION, MACHINE, DOMAIN};
        for (int i = 0; i < fields.length; i++) {
            byte[] f = fields[i].getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(f, 0, b, 65 * i, Math.min(64, f.length));
        }
        k.mem.write(buf, b);
        return 0;
    }

    static long sysinfo(Kernel k, long buf) {
        long total = k.mem.residentBytes() + (1L << 30);
        ByteBuffer b = ByteBuffer.allocate(112).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, k.clock.uptime(k.instructions()) / GuestClock.NANOS);
        b.putLong(32, total).putLong(40, total - k.mem.residentBytes());
        b.putShort(80, (short) Math.max(1, k.sched.live())); // procs: Linux counts tasks, i.e. threads
        b.putInt(104, 1); // mem_unit
        k.mem.write(buf, b.array());
        return 0;
    }

    /** /proc/meminfo with the figures sysinfo reports (kB, as Linux prints them). */
    static String meminfo(Kernel k) {
        long total = (k.mem.residentBytes() + (1L << 30)) / 1024, free = (1L << 30) / 1024;
        return String.format("MemTotal:       %8d kB\nMemFree:        %8d kB\nMemAvailable:   %8d kB\n"
                + "Buffers:               0 kB\nCached:                0 kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\n",
                total, free, free);
    }

    static final int GRND_NONBLOCK = 1, GRND_RANDOM = 2, GRND_INSECURE = 4;
    static final int MAX_RANDOM = 1 << 20;

    /** Bytes from the run's seeded generator: the same seed gives the same "random" bytes. */
    static long getrandom(Kernel k, long buf, long len, long flags) {
        if ((flags & ~7L) != 0 || (flags & (GRND_RANDOM | GRND_INSECURE)) == (GRND_RANDOM | GRND_INSECURE))
            throw new ErrnoException(Errno.EINVAL);
        if (len < 0) throw new ErrnoException(Errno.EINVAL);
        // Short counts are allowed (callers loop); a cap keeps a hostile length cheap.
        int n = (int) Math.min(len, MAX_RANDOM);
        byte[] b = new byte[n];
        k.random.nextBytes(b);
        k.mem.write(buf, b, 0, n);
        return n;
    }

    static final int TCGETS = 0x5401, TIOCGWINSZ = 0x5413, FIONCLEX = 0x5450, FIOCLEX = 0x5451, FIONBIO = 0x5421;

    /** No descriptor is a terminal, so terminal requests fail with ENOTTY as they do on a pipe. */
    static long ioctl(Kernel k, long fd, long request, long arg) {
        OpenFile f = k.fds.get(fd);
        switch ((int) request) {
            case FIOCLEX -> { k.fds.setCloexec(fd, true); return 0; }
            case FIONCLEX -> { k.fds.setCloexec(fd, false); return 0; }
            case FIONBIO -> {
                int on = k.mem.read32(arg);
                f.flags = on != 0 ? f.flags | OpenFile.O_NONBLOCK : f.flags & ~OpenFile.O_NONBLOCK;
                return 0;
            }
            default -> throw new ErrnoException(Errno.ENOTTY);
        }
    }

    /** One CPU: the guest runs on one host thread. */
    static long schedGetaffinity(Kernel k, long pid, long size, long mask) {
        // Any thread of the process: glibc's pthread_getattr_np asks with the thread's tid.
        if (pid != 0 && pid != Kernel.PID && k.sched.find(pid) == null) throw new ErrnoException(Errno.ESRCH);
        if (size < 8 || (size & 7) != 0) throw new ErrnoException(Errno.EINVAL);
        k.mem.write64(mask, 1);
        return 8;
    }

    /** The one CPU the guest sees (sched_getaffinity's mask), on node 0. */
    static long getcpu(Kernel k, long cpu, long node) {
        if (cpu != 0) k.mem.write32(cpu, 0);
        if (node != 0) k.mem.write32(node, 0);
        return 0;
    }
}
