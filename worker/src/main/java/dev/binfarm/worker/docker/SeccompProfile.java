package dev.binfarm.worker.docker;

import java.util.Set;
import java.util.TreeSet;

/**
 * A syscall profile as Docker seccomp JSON: every syscall not allowed fails with ENOSYS (38),
 * as on a kernel that does not provide it, so the app sees "not implemented", not "denied".
 *
 * <p>The filter is installed by runc inside the container before it execs the app, so runc's own
 * last steps run under it. Observed with runc 1.1.5 (audit log of SCMP_ACT_LOG on a program that
 * only calls exit): between installing the filter and execve runc makes the calls in
 * {@link #RUNC_PREREQUISITES} and {@code openat} of /proc/self/fd, the exec fifo and /dev/null.
 * Every profile therefore also allows those names, and {@code openat} only with exactly the flags
 * runc uses ({@link #RUNC_OPENAT_FLAGS}): a profile without openat still lets runc start the app,
 * and the app's own opens with other flags (O_RDWR|O_CREAT for a database) still fail. A coverage
 * report must say that these calls were allowed whatever the profile.
 */
public final class SeccompProfile {
    /** Names runc needs after the filter is in place; added to every profile. */
    public static final Set<String> RUNC_PREREQUISITES = Set.of(
            "execve", "read", "write", "close", "fstat", "newfstatat", "fstatfs", "fcntl", "getdents64",
            "epoll_ctl", "futex", "getpid", "getppid", "getcwd", "chdir", "prctl", "capget", "capset",
            "setuid", "setgid", "setgroups", "faccessat2");
    /** O_RDONLY|O_CLOEXEC, O_WRONLY|O_CLOEXEC, O_RDWR|O_CLOEXEC: runc's opens (Go adds no O_LARGEFILE on amd64). */
    public static final int[] RUNC_OPENAT_FLAGS = {0x80000, 0x80001, 0x80002};
    static final int ENOSYS = 38;

    private SeccompProfile() { }

    /** The JSON Docker takes in {@code --security-opt seccomp=<json>}. */
    public static String json(Set<String> allowed) {
        Set<String> names = new TreeSet<>(allowed);
        names.addAll(RUNC_PREREQUISITES);
        boolean openat = names.contains("openat");
        StringBuilder sb = new StringBuilder(64 * names.size());
        sb.append("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":").append(ENOSYS)
                .append(",\"architectures\":[\"SCMP_ARCH_X86_64\"],\"syscalls\":[{\"names\":[");
        boolean first = true;
        for (String n : names) {
            if (!n.matches("[a-z0-9_]+")) throw new IllegalArgumentException("not a syscall name: '" + n + "'");
            if (!first) sb.append(',');
            sb.append('"').append(n).append('"');
            first = false;
        }
        sb.append("],\"action\":\"SCMP_ACT_ALLOW\"}");
        if (!openat) {
            for (int flags : RUNC_OPENAT_FLAGS) {
                sb.append(",{\"names\":[\"openat\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":2,\"value\":")
                        .append(flags).append(",\"valueTwo\":0,\"op\":\"SCMP_CMP_EQ\"}]}");
            }
        }
        return sb.append("]}").toString();
    }
}
