package dev.binfarm.worker.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A syscall profile as Docker seccomp JSON: every syscall not allowed fails with ENOSYS (38),
 * as on a kernel that does not provide it, so the app sees "not implemented", not "denied".
 * One exception: an {@code openat} refused by a profile without openat gets the daemon's default
 * errno, EPERM on Docker 20.10 (which ignores defaultErrnoRet), because libseccomp does not mix
 * the conditional allow rules below with an unconditional errno rule for the same call.
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
        // Daemons before Docker 23 ignore defaultErrnoRet (EPERM instead): name the rest explicitly.
        List<String> denied = new ArrayList<>();
        for (String n : KNOWN) if (!names.contains(n) && !n.equals("openat")) denied.add(n);
        if (!denied.isEmpty()) {
            sb.append(",{\"names\":[");
            for (int i = 0; i < denied.size(); i++) sb.append(i == 0 ? "" : ",").append('"').append(denied.get(i)).append('"');
            sb.append("],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":").append(ENOSYS).append('}');
        }
        return sb.append("]}").toString();
    }

    /** The x86-64 syscall names (Linux 6.1), from the resource beside this class. */
    static final List<String> KNOWN = known();

    private static List<String> known() {
        try (InputStream in = SeccompProfile.class.getResourceAsStream("x86_64.syscalls")) {
            if (in == null) throw new IllegalStateException("binfarm is missing x86_64.syscalls");
            List<String> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String n = line.strip();
                if (!n.isEmpty() && !n.startsWith("#")) out.add(n);
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
