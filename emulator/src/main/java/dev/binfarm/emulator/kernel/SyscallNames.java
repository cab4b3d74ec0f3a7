package dev.binfarm.emulator.kernel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every x86-64 Linux syscall number and its name, including the ones the shim
 * does not implement, so listings, profiles and coverage can name any call.
 * The list is a committed resource generated once from the host's
 * {@code asm/unistd_64.h}; a test compares it with the header when present.
 */
public final class SyscallNames {
    private SyscallNames() { }

    private static final String[] NAMES = new String[SyscallTrace.MAX_NR];
    private static final Map<String, Integer> NUMBERS = new HashMap<>();

    static {
        try (InputStream in = SyscallNames.class.getResourceAsStream("syscall-names.txt")) {
            if (in == null) throw new IllegalStateException("syscall-names.txt missing from the emulator jar");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.trim().split("\\s+");
                int nr = Integer.parseInt(f[0]);
                NAMES[nr] = f[1];
                NUMBERS.put(f[1], nr);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Linux name of {@code nr}, or "syscall_NR" for a number Linux does not define. */
    public static String name(long nr) {
        String n = nr >= 0 && nr < NAMES.length ? NAMES[(int) nr] : null;
        return n != null ? n : "syscall_" + nr;
    }

    /** The number of {@code name}, or -1 when x86-64 Linux has no such syscall. */
    public static int number(String name) {
        Integer n = NUMBERS.get(name);
        return n == null ? -1 : n;
    }

    /** Every defined number, ascending. */
    public static List<Integer> numbers() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) if (NAMES[i] != null) out.add(i);
        return out;
    }

    /** Name by number for every defined syscall. */
    public static Map<Integer, String> all() {
        Map<Integer, String> out = new java.util.TreeMap<>();
        for (int nr : numbers()) out.put(nr, NAMES[nr]);
        return Collections.unmodifiableMap(out);
    }

    /** One line of {@code farm syscalls list}. */
    public record Listing(int nr, String name, String status, String subsystem, String note) { }

    /**
     * One entry per syscall Linux defines, from the table when it has a row
     * (implemented / partial / stub) and "stub/none" otherwise: no handler, ENOSYS.
     */
    public static List<Listing> listing() {
        List<Listing> out = new ArrayList<>();
        for (int nr : numbers()) {
            Syscall s = SyscallTable.get(nr);
            if (s == null) {
                out.add(new Listing(nr, NAMES[nr], "stub/none", subsystem(NAMES[nr]), "no handler: ENOSYS"));
            } else {
                String status = switch (s.support()) {
                    case SUPPORTED -> "implemented";
                    case PARTIAL -> "partial";
                    case ENOSYS -> "stub";
                };
                out.add(new Listing(nr, s.name(), status, subsystem(s.name()), s.note()));
            }
        }
        return out;
    }

    /** Which part of a kernel a syscall belongs to, by the conventions of its name (Unikraft's library split). */
    static String subsystem(String n) {
        if (n.matches("(p?read|p?write|readv|writev|preadv2?|pwritev2?|lseek|fsync|fdatasync|sync|syncfs|sync_file_range|sendfile|splice|tee|vmsplice|copy_file_range|ioctl|fadvise64|readahead|fallocate)(64)?")) return "fdio";
        if (n.matches("close|close_range|dup[23]?|fcntl|pipe2?|eventfd2?|timerfd_.*|signalfd4?|memfd_create|userfaultfd|pidfd_.*")) return "fdtab";
        if (n.matches("(e)?poll.*|select|pselect6|ppoll|io_.*|inotify_.*|fanotify_.*")) return "event";
        if (n.matches("socket|socketpair|connect|accept4?|bind|listen|(get|set)sockopt|getsockname|getpeername|shutdown|(send|recv)(to|msg|mmsg|from)?")) return "net";
        if (n.matches("mmap|munmap|mremap|mprotect|brk|madvise|mlock.*|munlock.*|msync|mincore|pkey_.*|membarrier|remap_file_pages|(get|set)_mempolicy.*|mbind|migrate_pages|move_pages|process_madvise|process_mrelease|process_vm_.*|memfd_secret")) return "mm";
        if (n.matches("rt_.*|sigaltstack|kill|tkill|tgkill|pause|alarm")) return "signal";
        if (n.matches("clock_.*|gettimeofday|settimeofday|time|times|nanosleep|adjtimex|(get|set)itimer|timer_.*")) return "time";
        if (n.matches("futex.*|(set|get)_robust_list|set_tid_address|rseq")) return "futex";
        if (n.matches("sched_.*")) return "sched";
        if (n.matches("uname|sysinfo|getrandom|syslog|sethostname|setdomainname|reboot|getcpu|personality|ustat|sysfs|_sysctl|acct")) return "info";
        if (n.matches("clone3?|v?fork|execve(at)?|exit(_group)?|wait4|waitid|arch_prctl|prctl|ptrace|get(p|pp|t|pg|s)id|set(pg|s)id|getpgrp|[gs]etr?e?s?[ug]id|[gs]etfs[ug]id|[gs]etgroups|capget|capset|[gs]etpriority|[gs]etrlimit|prlimit64|getrusage|umask|unshare|setns|kcmp|seccomp|modify_ldt|iopl|ioperm|vhangup|chroot|pivot_root")) return "process";
        if (n.matches("msg.*|sem.*|shm.*|mq_.*")) return "ipc";
        if (n.matches("(k|f)?(add|request|)_?key.*|keyctl|add_key|request_key|bpf|perf_event_open|init_module|finit_module|delete_module|create_module|query_module|get_kernel_syms|kexec_.*|quotactl.*|nfsservctl|lookup_dcookie|swapon|swapoff|mount.*|umount2|move_mount|open_tree|fs.*|landlock_.*|afs_syscall|tuxcall|security|getpmsg|putpmsg|vserver|uselib|epoll_ctl_old|epoll_wait_old|set_thread_area|get_thread_area|restart_syscall|name_to_handle_at|open_by_handle_at|clock_adjtime|futex_waitv")) return "misc";
        return "vfs";
    }
}
