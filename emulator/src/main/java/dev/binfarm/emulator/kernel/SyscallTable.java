package dev.binfarm.emulator.kernel;

import static dev.binfarm.emulator.kernel.Support.ENOSYS;
import static dev.binfarm.emulator.kernel.Support.PARTIAL;
import static dev.binfarm.emulator.kernel.Support.SUPPORTED;

import java.util.ArrayList;
import java.util.List;

/**
 * THE syscall table of the shim (x86-64 numbers), in the style of gVisor's
 * linux64.go: one row per syscall with its name, arity, support level, note
 * and handler. A number without a row answers -ENOSYS by construction.
 * Coverage pages and {@code farm syscalls list} are generated from {@link #entries()}.
 */
public final class SyscallTable {
    private SyscallTable() { }

    private static final Syscall[] TABLE = new Syscall[SyscallTrace.MAX_NR];


    static {
        // fdio
        add(0, "read", 3, SUPPORTED, "", -1, (k, a) -> Fdio.read(k, a[0], a[1], a[2]));
        add(1, "write", 3, SUPPORTED, "", -1, (k, a) -> Fdio.write(k, a[0], a[1], a[2]));
        add(17, "pread64", 4, SUPPORTED, "", -1, (k, a) -> Fdio.pread(k, a[0], a[1], a[2], a[3]));
        add(18, "pwrite64", 4, PARTIAL, "no writable files yet (read-only rootfs)", -1, (k, a) -> Fdio.pwrite(k, a[0], a[1], a[2], a[3]));
        add(19, "readv", 3, SUPPORTED, "", -1, (k, a) -> Fdio.readv(k, a[0], a[1], a[2]));
        add(20, "writev", 3, SUPPORTED, "", -1, (k, a) -> Fdio.writev(k, a[0], a[1], a[2]));
        add(8, "lseek", 3, SUPPORTED, "", -1, (k, a) -> Fdio.lseek(k, a[0], a[1], a[2]));
        add(40, "sendfile", 4, SUPPORTED, "a read and a write inside the emulator", -1,
                (k, a) -> Fdio.sendfile(k, a[0], a[1], a[2], a[3]));
        add(326, "copy_file_range", 6, SUPPORTED, "regular files; flags must be 0", -1,
                (k, a) -> Fdio.copyFileRange(k, a[0], a[1], a[2], a[3], a[4], a[5]));
        add(74, "fsync", 1, SUPPORTED, "", -1, (k, a) -> { k.fds.get(a[0]); return 0; });
        add(75, "fdatasync", 1, SUPPORTED, "", -1, (k, a) -> { k.fds.get(a[0]); return 0; });
        add(16, "ioctl", 3, PARTIAL, "FIOCLEX/FIONCLEX/FIONBIO; no descriptor is a tty, so terminal requests get ENOTTY", -1,
                (k, a) -> Info.ioctl(k, a[0], a[1], a[2]));
        // fdtab
        add(3, "close", 1, SUPPORTED, "", -1, (k, a) -> Fdtab.close(k, a[0]));
        add(32, "dup", 1, SUPPORTED, "", -1, (k, a) -> Fdtab.dup(k, a[0]));
        add(33, "dup2", 2, SUPPORTED, "", -1, (k, a) -> Fdtab.dup2(k, a[0], a[1]));
        add(292, "dup3", 3, SUPPORTED, "", -1, (k, a) -> Fdtab.dup3(k, a[0], a[1], a[2]));
        add(72, "fcntl", 3, PARTIAL, "dup, fd and status flags; locks always succeed (no other process)", -1,
                (k, a) -> Fdtab.fcntl(k, a[0], a[1], a[2]));
        add(22, "pipe", 1, SUPPORTED, "within the process: a blocking read or write parks the thread", -1,
                (k, a) -> Fdtab.pipe2(k, a[0], 0));
        add(293, "pipe2", 2, SUPPORTED, "within the process: a blocking read or write parks the thread", -1,
                (k, a) -> Fdtab.pipe2(k, a[0], a[1]));
        // vfs
        add(2, "open", 3, PARTIAL, "read-only rootfs: writes and O_CREAT give EROFS", 0,
                (k, a) -> VfsCalls.openat(k, VfsCalls.AT_FDCWD, a[0], a[1], a[2]));
        add(257, "openat", 4, PARTIAL, "read-only rootfs: writes and O_CREAT give EROFS", 1,
                (k, a) -> VfsCalls.openat(k, a[0], a[1], a[2], a[3]));
        add(4, "stat", 2, SUPPORTED, "", 0, (k, a) -> VfsCalls.stat(k, a[0], a[1], true));
        add(6, "lstat", 2, SUPPORTED, "", 0, (k, a) -> VfsCalls.stat(k, a[0], a[1], false));
        add(5, "fstat", 2, SUPPORTED, "", -1, (k, a) -> VfsCalls.fstat(k, a[0], a[1]));
        add(262, "newfstatat", 4, SUPPORTED, "", 1, (k, a) -> VfsCalls.newfstatat(k, a[0], a[1], a[2], a[3]));
        add(332, "statx", 5, SUPPORTED, "basic stats (no birth time)", 1, (k, a) -> VfsCalls.statx(k, a[0], a[1], a[2], a[3], a[4]));
        add(21, "access", 2, SUPPORTED, "", 0, (k, a) -> VfsCalls.faccessat(k, VfsCalls.AT_FDCWD, a[0], a[1], 0));
        add(269, "faccessat", 3, SUPPORTED, "", 1, (k, a) -> VfsCalls.faccessat(k, a[0], a[1], a[2], 0));
        add(439, "faccessat2", 4, SUPPORTED, "", 1, (k, a) -> VfsCalls.faccessat(k, a[0], a[1], a[2], a[3]));
        add(217, "getdents64", 3, SUPPORTED, "entries sorted by name, so listings repeat on any host", -1,
                (k, a) -> VfsCalls.getdents64(k, a[0], a[1], a[2]));
        add(78, "getdents", 3, SUPPORTED, "the pre-2.6.4 layout old binaries still use; sorted by name", -1,
                (k, a) -> VfsCalls.getdents(k, a[0], a[1], a[2], false));
        add(79, "getcwd", 2, SUPPORTED, "", -1, (k, a) -> VfsCalls.getcwd(k, a[0], a[1]));
        add(80, "chdir", 1, SUPPORTED, "", 0, (k, a) -> VfsCalls.chdir(k, a[0]));
        add(81, "fchdir", 1, SUPPORTED, "", -1, (k, a) -> VfsCalls.fchdir(k, a[0]));
        add(89, "readlink", 3, SUPPORTED, "", 0, (k, a) -> VfsCalls.readlinkat(k, VfsCalls.AT_FDCWD, a[0], a[1], a[2]));
        add(267, "readlinkat", 4, SUPPORTED, "", 1, (k, a) -> VfsCalls.readlinkat(k, a[0], a[1], a[2], a[3]));
        String noXattr = "no file has extended attributes: ENODATA (ENOENT for a missing path)";
        add(191, "getxattr", 4, SUPPORTED, noXattr, 0, (k, a) -> VfsCalls.getxattr(k, a[0], true));
        add(192, "lgetxattr", 4, SUPPORTED, noXattr, 0, (k, a) -> VfsCalls.getxattr(k, a[0], false));
        add(193, "fgetxattr", 4, SUPPORTED, noXattr, -1, (k, a) -> VfsCalls.fgetxattr(k, a[0]));
        add(194, "listxattr", 3, SUPPORTED, "always an empty list", 0, (k, a) -> VfsCalls.listxattr(k, a[0], true));
        add(195, "llistxattr", 3, SUPPORTED, "always an empty list", 0, (k, a) -> VfsCalls.listxattr(k, a[0], false));
        String rw = "changes go to a per-run copy-on-write layer in memory (EROFS when the rootfs is read-only)";
        add(76, "truncate", 2, PARTIAL, rw, 0, (k, a) -> VfsCalls.truncate(k, a[0], a[1]));
        add(77, "ftruncate", 2, PARTIAL, rw, -1, (k, a) -> VfsCalls.ftruncate(k, a[0], a[1]));
        add(82, "rename", 2, PARTIAL, rw + "; rootfs directories give EXDEV, as overlayfs", 0,
                (k, a) -> VfsCalls.renameat(k, VfsCalls.AT_FDCWD, a[0], VfsCalls.AT_FDCWD, a[1], 0));
        add(264, "renameat", 4, PARTIAL, rw + "; rootfs directories give EXDEV, as overlayfs", 1,
                (k, a) -> VfsCalls.renameat(k, a[0], a[1], a[2], a[3], 0));
        add(316, "renameat2", 5, PARTIAL, rw + "; RENAME_NOREPLACE only", 1, (k, a) -> VfsCalls.renameat(k, a[0], a[1], a[2], a[3], a[4]));
        add(83, "mkdir", 2, PARTIAL, rw, 0, (k, a) -> VfsCalls.mkdirat(k, VfsCalls.AT_FDCWD, a[0], a[1]));
        add(258, "mkdirat", 3, PARTIAL, rw, 1, (k, a) -> VfsCalls.mkdirat(k, a[0], a[1], a[2]));
        add(84, "rmdir", 1, PARTIAL, rw, 0, (k, a) -> VfsCalls.unlinkat(k, VfsCalls.AT_FDCWD, a[0], VfsCalls.AT_REMOVEDIR));
        add(87, "unlink", 1, PARTIAL, rw, 0, (k, a) -> VfsCalls.unlinkat(k, VfsCalls.AT_FDCWD, a[0], 0));
        add(263, "unlinkat", 3, PARTIAL, rw, 1, (k, a) -> VfsCalls.unlinkat(k, a[0], a[1], a[2]));
        add(85, "creat", 2, PARTIAL, rw, 0, (k, a) -> VfsCalls.openat(k, VfsCalls.AT_FDCWD, a[0], 0x241, a[1]));
        add(88, "symlink", 2, PARTIAL, rw, 1, (k, a) -> VfsCalls.symlinkat(k, a[0], VfsCalls.AT_FDCWD, a[1]));
        add(266, "symlinkat", 3, PARTIAL, rw, 2, (k, a) -> VfsCalls.symlinkat(k, a[0], a[1], a[2]));
        add(86, "link", 2, PARTIAL, "in the copy-on-write layer (a rootfs file is copied up first); " + rw, 0,
                (k, a) -> VfsCalls.linkat(k, VfsCalls.AT_FDCWD, a[0], VfsCalls.AT_FDCWD, a[1], 0));
        add(265, "linkat", 5, PARTIAL, "in the copy-on-write layer (a rootfs file is copied up first); " + rw, 1,
                (k, a) -> VfsCalls.linkat(k, a[0], a[1], a[2], a[3], a[4]));
        add(90, "chmod", 2, PARTIAL, rw + "; rootfs directories keep their mode", 0,
                (k, a) -> VfsCalls.fchmodat(k, VfsCalls.AT_FDCWD, a[0], a[1]));
        add(91, "fchmod", 2, PARTIAL, rw, -1, (k, a) -> VfsCalls.fchmod(k, a[0], a[1]));
        add(268, "fchmodat", 3, PARTIAL, rw, 1, (k, a) -> VfsCalls.fchmodat(k, a[0], a[1], a[2]));
        String untracked = "accepted for existing paths, not recorded (EROFS when the rootfs is read-only)";
        add(92, "chown", 3, PARTIAL, untracked, 0, (k, a) -> VfsCalls.touch(k, VfsCalls.AT_FDCWD, a[0], true));
        add(94, "lchown", 3, PARTIAL, untracked, 0, (k, a) -> VfsCalls.touch(k, VfsCalls.AT_FDCWD, a[0], false));
        add(93, "fchown", 3, PARTIAL, untracked, -1, (k, a) -> VfsCalls.touch(k, a[0], 0, true));
        add(260, "fchownat", 5, PARTIAL, untracked, 1,
                (k, a) -> VfsCalls.touch(k, a[0], a[1], (a[4] & VfsCalls.AT_SYMLINK_NOFOLLOW) == 0));
        add(280, "utimensat", 4, PARTIAL, untracked, 1,
                (k, a) -> VfsCalls.touch(k, a[0], a[1], (a[3] & VfsCalls.AT_SYMLINK_NOFOLLOW) == 0));
        // mmap
        add(12, "brk", 1, SUPPORTED, "", -1, (k, a) -> Mmap.brk(k, a[0]));
        add(9, "mmap", 6, PARTIAL, "anonymous, private copies of files; MAP_SHARED of a written file is written back"
                + " (on read of the file, msync, munmap, exit); one process", -1,
                (k, a) -> Mmap.mmap(k, a[0], a[1], a[2], a[3], a[4], a[5]));
        add(11, "munmap", 2, SUPPORTED, "", -1, (k, a) -> Mmap.munmap(k, a[0], a[1]));
        add(10, "mprotect", 3, SUPPORTED, "", -1, (k, a) -> Mmap.mprotect(k, a[0], a[1], a[2]));
        add(25, "mremap", 5, PARTIAL, "no MREMAP_DONTUNMAP", -1, (k, a) -> Mmap.mremap(k, a[0], a[1], a[2], a[3], a[4]));
        add(26, "msync", 3, SUPPORTED, "writes shared file mappings back", -1,
                (k, a) -> Mmap.msync(k, a[0], a[1], a[2]));
        add(28, "madvise", 3, SUPPORTED, "Linux 6.1's advice set and errnos; DONTNEED and FREE reset private pages at once;"
                + " hints (huge pages, LRU, fork, dump, populate) are checked and have no further effect", -1,
                (k, a) -> Mmap.madvise(k, a[0], a[1], a[2]));
        add(27, "mincore", 3, SUPPORTED, "a page is resident once the guest touched it", -1, (k, a) -> Mmap.mincore(k, a[0], a[1], a[2]));
        // process
        add(60, "exit", 1, SUPPORTED, "ends the thread (robust futexes, clear_child_tid); the last one ends the process", -1,
                (k, a) -> Threads.exit(k, a[0]));
        add(231, "exit_group", 1, SUPPORTED, "", -1, (k, a) -> ProcessCalls.exitGroup(k, a[0]));
        add(158, "arch_prctl", 2, PARTIAL, "ARCH_SET_FS/GET_FS/SET_GS/GET_GS", -1, (k, a) -> ProcessCalls.archPrctl(k, a[0], a[1]));
        add(218, "set_tid_address", 1, SUPPORTED, "", -1, (k, a) -> ProcessCalls.setTidAddress(k, a[0]));
        add(273, "set_robust_list", 2, SUPPORTED, "per thread; owned robust futexes get FUTEX_OWNER_DIED at thread exit", -1,
                (k, a) -> ProcessCalls.setRobustList(k, a[0], a[1]));
        add(334, "rseq", 4, ENOSYS, "restartable sequences not modelled; glibc tolerates ENOSYS", -1, (k, a) -> -Errno.ENOSYS);
        add(39, "getpid", 0, SUPPORTED, "the guest is PID 1", -1, (k, a) -> Kernel.PID);
        add(186, "gettid", 0, SUPPORTED, "tids 1, 2, 3... in creation order", -1, (k, a) -> Threads.gettid(k));
        add(110, "getppid", 0, SUPPORTED, "", -1, (k, a) -> 0);
        add(111, "getpgrp", 0, SUPPORTED, "", -1, (k, a) -> Kernel.PID);
        add(121, "getpgid", 1, SUPPORTED, "", -1, (k, a) -> Kernel.PID);
        add(124, "getsid", 1, SUPPORTED, "", -1, (k, a) -> Kernel.PID);
        add(102, "getuid", 0, SUPPORTED, "root, as in a chroot", -1, (k, a) -> 0);
        add(107, "geteuid", 0, SUPPORTED, "", -1, (k, a) -> 0);
        add(104, "getgid", 0, SUPPORTED, "", -1, (k, a) -> 0);
        add(108, "getegid", 0, SUPPORTED, "", -1, (k, a) -> 0);
        add(118, "getresuid", 3, SUPPORTED, "", -1, (k, a) -> ProcessCalls.getresid(k, a[0], a[1], a[2]));
        add(120, "getresgid", 3, SUPPORTED, "", -1, (k, a) -> ProcessCalls.getresid(k, a[0], a[1], a[2]));
        add(115, "getgroups", 2, SUPPORTED, "no supplementary groups", -1, (k, a) -> 0);
        add(95, "umask", 1, SUPPORTED, "", -1, (k, a) -> ProcessCalls.umask(k, a[0]));
        add(302, "prlimit64", 4, PARTIAL, "own process only; new limits are accepted but not enforced", -1,
                (k, a) -> ProcessCalls.prlimit64(k, a[0], a[1], a[2], a[3]));
        add(97, "getrlimit", 2, SUPPORTED, "", -1, (k, a) -> ProcessCalls.getrlimit(k, a[0], a[1]));
        add(160, "setrlimit", 2, PARTIAL, "accepted, not enforced", -1, (k, a) -> ProcessCalls.setrlimit(k, a[0], a[1]));
        add(202, "futex", 6, PARTIAL, "WAIT/WAKE/REQUEUE/CMP_REQUEUE/WAKE_OP/bitset, timeouts on the guest clock; no PI futexes", -1,
                (k, a) -> Futex.futex(k, a[0], a[1], a[2], a[3], a[4], a[5]));
        add(157, "prctl", 5, PARTIAL, "names, dumpable, pdeathsig, keepcaps, no_new_privs, timerslack, subreaper, THP disable,"
                + " capbset, seccomp/tsc/mce queries, tid address; PR_SET_VMA EINVAL (no anonymous VMA names); others EINVAL", -1,
                (k, a) -> Prctl.prctl(k, a[0], a[1], a[2], a[3], a[4]));
        add(140, "getpriority", 2, SUPPORTED, "one nice value for the whole process", -1, (k, a) -> Prctl.getpriority(k, a[0], a[1]));
        add(141, "setpriority", 3, PARTIAL, "recorded, no effect on scheduling (one vCPU, deterministic quanta)", -1,
                (k, a) -> Prctl.setpriority(k, a[0], a[1], a[2]));
        add(24, "sched_yield", 0, SUPPORTED, "passes the CPU to the next runnable thread", -1, (k, a) -> Threads.schedYield(k));
        add(204, "sched_getaffinity", 3, SUPPORTED, "one CPU", -1, (k, a) -> Info.schedGetaffinity(k, a[0], a[1], a[2]));
        // threads and scheduling (sched/): every thread on one vCPU, deterministic preemption
        add(56, "clone", 5, PARTIAL, "threads (CLONE_VM|FS|FILES|SIGHAND|THREAD + SETTLS/SETTID/CLEARTID); new processes ENOSYS", -1,
                (k, a) -> Threads.clone(k, a[0], a[1], a[2], a[3], a[4]));
        add(435, "clone3", 2, ENOSYS, "glibc falls back to clone", -1, (k, a) -> -Errno.ENOSYS);
        add(274, "get_robust_list", 3, SUPPORTED, "", -1, (k, a) -> ProcessCalls.getRobustList(k, a[0], a[1], a[2]));
        add(203, "sched_setaffinity", 3, SUPPORTED, "one CPU: the mask must include CPU 0", -1,
                (k, a) -> Threads.schedSetaffinity(k, a[0], a[1], a[2]));
        add(142, "sched_setparam", 2, SUPPORTED, "priority 0 only", -1, (k, a) -> Threads.schedSetparam(k, a[0], a[1]));
        add(143, "sched_getparam", 2, SUPPORTED, "", -1, (k, a) -> Threads.schedGetparam(k, a[0], a[1]));
        add(144, "sched_setscheduler", 3, PARTIAL, "SCHED_OTHER/BATCH/IDLE; real-time classes EPERM", -1,
                (k, a) -> Threads.schedSetscheduler(k, a[0], a[1], a[2]));
        add(145, "sched_getscheduler", 1, SUPPORTED, "always SCHED_OTHER", -1, (k, a) -> Threads.schedGetscheduler(k, a[0]));
        add(146, "sched_get_priority_max", 1, SUPPORTED, "", -1, (k, a) -> Threads.schedPriority(a[0], true));
        add(147, "sched_get_priority_min", 1, SUPPORTED, "", -1, (k, a) -> Threads.schedPriority(a[0], false));
        // time
        add(228, "clock_gettime", 2, SUPPORTED, "virtual clock: advances with instructions and sleeps", -1,
                (k, a) -> Time.clockGettime(k, a[0], a[1]));
        add(229, "clock_getres", 2, SUPPORTED, "", -1, (k, a) -> Time.clockGetres(k, a[0], a[1]));
        add(309, "getcpu", 3, SUPPORTED, "CPU 0, node 0 (also the vDSO's)", -1, (k, a) -> Info.getcpu(k, a[0], a[1]));
        add(96, "gettimeofday", 2, SUPPORTED, "virtual clock", -1, (k, a) -> Time.gettimeofday(k, a[0], a[1]));
        add(201, "time", 1, SUPPORTED, "virtual clock", -1, (k, a) -> Time.time(k, a[0]));
        add(35, "nanosleep", 2, SUPPORTED, "parks the thread; the virtual clock jumps when every thread sleeps", -1,
                (k, a) -> Time.nanosleep(k, a[0], a[1]));
        add(230, "clock_nanosleep", 4, SUPPORTED, "parks the thread; the virtual clock jumps when every thread sleeps", -1,
                (k, a) -> Time.clockNanosleep(k, a[0], a[1], a[2], a[3]));
        add(100, "times", 1, SUPPORTED, "", -1, (k, a) -> Time.times(k, a[0]));
        add(98, "getrusage", 2, PARTIAL, "user time and maxrss only", -1, (k, a) -> Time.getrusage(k, a[0], a[1]));
        // signal
        add(13, "rt_sigaction", 4, PARTIAL, "handlers run at syscall return, on faults and when a thread starts a slice; SA_RESTART restarts parked calls", -1,
                (k, a) -> Signals.rtSigaction(k, a[0], a[1], a[2], a[3]));
        add(14, "rt_sigprocmask", 4, SUPPORTED, "", -1, (k, a) -> Signals.rtSigprocmask(k, a[0], a[1], a[2], a[3]));
        add(131, "sigaltstack", 2, SUPPORTED, "recorded", -1, (k, a) -> Signals.sigaltstack(k, a[0], a[1]));
        add(62, "kill", 2, PARTIAL, "only the process itself; goes to a thread that does not block it", -1,
                (k, a) -> Signals.kill(k, a[0], a[1]));
        add(200, "tkill", 2, SUPPORTED, "any thread of the process", -1, (k, a) -> Signals.tkill(k, a[0], a[1]));
        add(234, "tgkill", 3, SUPPORTED, "any thread of the process", -1, (k, a) -> Signals.tgkill(k, a[0], a[1], a[2]));
        add(130, "rt_sigsuspend", 2, SUPPORTED, "", -1, (k, a) -> Signals.rtSigsuspend(k, a[0], a[1]));
        add(128, "rt_sigtimedwait", 4, SUPPORTED, "", -1, (k, a) -> Signals.rtSigtimedwait(k, a[0], a[1], a[2], a[3]));
        add(34, "pause", 0, SUPPORTED, "", -1, (k, a) -> Signals.pause(k));
        add(37, "alarm", 1, SUPPORTED, "on the guest clock", -1, (k, a) -> Signals.alarm(k, a[0]));
        add(38, "setitimer", 3, PARTIAL, "ITIMER_REAL on the guest clock; ITIMER_VIRTUAL/PROF EINVAL", -1,
                (k, a) -> Signals.setitimer(k, a[0], a[1], a[2]));
        add(36, "getitimer", 2, PARTIAL, "ITIMER_REAL", -1, (k, a) -> Signals.getitimer(k, a[0], a[1]));
        add(222, "timer_create", 3, PARTIAL, "guest clock; SIGEV_SIGNAL/THREAD_ID/NONE (glibc builds SIGEV_THREAD on THREAD_ID)", -1,
                (k, a) -> PosixTimers.create(k, a[0], a[1], a[2]));
        add(223, "timer_settime", 4, SUPPORTED, "", -1, (k, a) -> PosixTimers.settime(k, a[0], a[1], a[2], a[3]));
        add(224, "timer_gettime", 2, SUPPORTED, "", -1, (k, a) -> PosixTimers.gettime(k, a[0], a[1]));
        add(225, "timer_getoverrun", 1, SUPPORTED, "", -1, (k, a) -> PosixTimers.getoverrun(k, a[0]));
        add(226, "timer_delete", 1, SUPPORTED, "", -1, (k, a) -> PosixTimers.delete(k, a[0]));
        add(15, "rt_sigreturn", 0, SUPPORTED, "", -1, (k, a) -> k.signals.sigreturn(k));
        add(127, "rt_sigpending", 2, SUPPORTED, "", -1, (k, a) -> Signals.rtSigpending(k, a[0], a[1]));
        // sockets and readiness (net/): rows kept together
        String inet = "AF_INET/AF_INET6 over host loopback (guest ports mapped, other destinations ENETUNREACH); AF_UNIX in the emulator";
        add(41, "socket", 3, PARTIAL, inet + "; no raw sockets", -1, (k, a) -> Sockets.socket(k, a[0], a[1], a[2]));
        add(53, "socketpair", 4, SUPPORTED, "AF_UNIX stream, datagram, seqpacket", -1, (k, a) -> Sockets.socketpair(k, a[0], a[1], a[2], a[3]));
        add(49, "bind", 3, PARTIAL, "any address listens on host loopback at the published or an ephemeral port", -1,
                (k, a) -> Sockets.bind(k, a[0], a[1], a[2]));
        add(50, "listen", 2, SUPPORTED, "", -1, (k, a) -> Sockets.listen(k, a[0], a[1]));
        add(43, "accept", 3, SUPPORTED, "", -1, (k, a) -> Sockets.accept(k, a[0], a[1], a[2], 0));
        add(288, "accept4", 4, SUPPORTED, "", -1, (k, a) -> Sockets.accept(k, a[0], a[1], a[2], a[3]));
        add(42, "connect", 3, PARTIAL, "loopback, the guest's own addresses and its listeners only: anything else ENETUNREACH", -1,
                (k, a) -> Sockets.connect(k, a[0], a[1], a[2]));
        add(44, "sendto", 6, SUPPORTED, "MSG_DONTWAIT, MSG_NOSIGNAL", -1, (k, a) -> Sockets.sendto(k, a[0], a[1], a[2], a[3], a[4], a[5]));
        add(45, "recvfrom", 6, PARTIAL, "MSG_DONTWAIT, MSG_PEEK, MSG_TRUNC; MSG_WAITALL returns what is there", -1,
                (k, a) -> Sockets.recvfrom(k, a[0], a[1], a[2], a[3], a[4], a[5]));
        add(46, "sendmsg", 3, SUPPORTED, "iovecs, SCM_RIGHTS over AF_UNIX", -1, (k, a) -> Sockets.sendmsg(k, a[0], a[1], a[2]));
        add(47, "recvmsg", 3, SUPPORTED, "iovecs, SCM_RIGHTS over AF_UNIX (MSG_CMSG_CLOEXEC)", -1, (k, a) -> Sockets.recvmsg(k, a[0], a[1], a[2]));
        add(48, "shutdown", 2, SUPPORTED, "", -1, (k, a) -> Sockets.shutdown(k, a[0], a[1]));
        add(51, "getsockname", 3, SUPPORTED, "the guest's view: the address and port it asked for", -1,
                (k, a) -> Sockets.getsockname(k, a[0], a[1], a[2]));
        add(52, "getpeername", 3, SUPPORTED, "", -1, (k, a) -> Sockets.getpeername(k, a[0], a[1], a[2]));
        add(54, "setsockopt", 5, PARTIAL, "every option is recorded and read back; TCP_NODELAY and IPV6_V6ONLY act", -1,
                (k, a) -> Sockets.setsockopt(k, a[0], a[1], a[2], a[3], a[4]));
        add(55, "getsockopt", 5, PARTIAL, "SO_ERROR/TYPE/DOMAIN/PROTOCOL/ACCEPTCONN computed; others as set or Linux defaults", -1,
                (k, a) -> Sockets.getsockopt(k, a[0], a[1], a[2], a[3], a[4]));
        add(7, "poll", 3, SUPPORTED, "files and devices always ready; pipes, sockets, eventfd, timerfd by state; waits park", -1,
                (k, a) -> Polling.poll(k, a[0], a[1], Polling.msTimeout(a[2])));
        add(271, "ppoll", 5, PARTIAL, "as poll; the signal mask is ignored", -1, (k, a) -> Polling.ppoll(k, a[0], a[1], a[2]));
        add(23, "select", 5, SUPPORTED, "the timeout is not updated", -1, (k, a) -> Polling.selectTimeval(k, a[0], a[1], a[2], a[3], a[4]));
        add(270, "pselect6", 6, PARTIAL, "as select; the signal mask is ignored", -1,
                (k, a) -> Polling.select(k, a[0], a[1], a[2], a[3], Polling.timespec(k, a[4])));
        add(213, "epoll_create", 1, SUPPORTED, "", -1, (k, a) -> (int) a[0] <= 0 ? -Errno.EINVAL : Polling.epollCreate(k, 0));
        add(291, "epoll_create1", 1, SUPPORTED, "", -1, (k, a) -> Polling.epollCreate(k, a[0]));
        add(233, "epoll_ctl", 4, SUPPORTED, "level and edge triggered, EPOLLONESHOT, EPOLLRDHUP; EPOLLEXCLUSIVE accepted", -1,
                (k, a) -> Polling.epollCtl(k, a[0], a[1], a[2], a[3]));
        add(232, "epoll_wait", 4, SUPPORTED, "", -1, (k, a) -> Polling.epollWait(k, a[0], a[1], a[2], Polling.msTimeout(a[3])));
        add(281, "epoll_pwait", 6, PARTIAL, "the signal mask is ignored", -1,
                (k, a) -> Polling.epollWait(k, a[0], a[1], a[2], Polling.msTimeout(a[3])));
        add(441, "epoll_pwait2", 6, PARTIAL, "the signal mask is ignored", -1,
                (k, a) -> Polling.epollWait(k, a[0], a[1], a[2], Polling.timespec(k, a[3])));
        add(284, "eventfd", 1, SUPPORTED, "", -1, (k, a) -> Polling.eventfd(k, a[0], 0));
        add(290, "eventfd2", 2, SUPPORTED, "EFD_SEMAPHORE, EFD_NONBLOCK, EFD_CLOEXEC", -1, (k, a) -> Polling.eventfd(k, a[0], a[1]));
        add(283, "timerfd_create", 2, SUPPORTED, "on the guest clock", -1, (k, a) -> Polling.timerfdCreate(k, a[0], a[1]));
        add(286, "timerfd_settime", 4, SUPPORTED, "TFD_TIMER_ABSTIME; cancel-on-set ignored", -1,
                (k, a) -> Polling.timerfdSettime(k, a[0], a[1], a[2], a[3]));
        add(287, "timerfd_gettime", 2, SUPPORTED, "", -1, (k, a) -> Polling.timerfdGettime(k, a[0], a[1]));
        // info
        add(63, "uname", 1, SUPPORTED, "Linux 6.1.0 x86_64, nodename binfarm", -1, (k, a) -> Info.uname(k, a[0]));
        add(99, "sysinfo", 1, PARTIAL, "uptime, memory and live threads; load averages 0, no swap", -1, (k, a) -> Info.sysinfo(k, a[0]));
        add(318, "getrandom", 3, SUPPORTED, "seeded: the same seed gives the same bytes", -1,
                (k, a) -> Info.getrandom(k, a[0], a[1], a[2]));
    }


    private static void add(int nr, String name, int arity, Support support, String note, int pathArg, Syscall.Handler h) {
        if (TABLE[nr] != null) throw new IllegalStateException("syscall " + nr + " listed twice");
        TABLE[nr] = new Syscall(nr, name, arity, support, note, pathArg, h);
    }

    /** The row for {@code nr}, or null (ENOSYS). */
    public static Syscall get(long nr) {
        return nr >= 0 && nr < TABLE.length ? TABLE[(int) nr] : null;
    }

    /** The Linux name of {@code nr} when the table has it, else "syscall_NR". */
    public static String name(long nr) {
        Syscall s = get(nr);
        return s != null ? s.name() : "syscall_" + nr;
    }

    /** Every row, by number. */
    public static List<Syscall> entries() {
        List<Syscall> out = new ArrayList<>();
        for (Syscall s : TABLE) if (s != null) out.add(s);
        return out;
    }
}
