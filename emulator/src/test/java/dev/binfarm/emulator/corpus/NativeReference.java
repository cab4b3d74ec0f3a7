package dev.binfarm.emulator.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The oracle: runs a program on the host kernel, confined to its rootfs with chroot so it sees exactly
 * the files the emulator shows the guest (FACTS.md: a reference run is only a reference when it sees
 * exactly the app's rootfs). Without root it tries {@code unshare -r chroot} (a user namespace makes
 * chroot possible for ordinary users); failing that it runs the program directly and says so once.
 */
public final class NativeReference {
    private static volatile boolean warned;

    private NativeReference() { }

    private static volatile Boolean userNamespaces;

    public static boolean confined() { return Tools.onPath("chroot") && (Tools.isRoot() || userNamespaceChroot()); }

    private static volatile Boolean procMounts;

    /**
     * The {@code unshare} options that give a native run its own mount namespace in which /proc can
     * be mounted (as root: -m; otherwise a user and a PID namespace too), or null when this host
     * allows neither.
     */
    private static List<String> procNamespace() {
        return Tools.isRoot() ? List.of("-m") : List.of("-r", "-m", "-p", "-f");
    }

    /**
     * True when a native run can see a real /proc inside its chroot (see {@link #syscallNames});
     * {@code -Dbinfarm.native.noProc=true} pretends it cannot (to check the fallback).
     */
    public static boolean procMountable() {
        if (Boolean.getBoolean("binfarm.native.noProc")) return false;
        Boolean ok = procMounts;
        if (ok == null) {
            ok = false;
            if (confined() && Tools.onPath("unshare") && Tools.onPath("mount")) {
                try {
                    Path dir = Files.createTempDirectory("proc-probe");
                    try {
                        List<String> cmd = new ArrayList<>(List.of(Tools.which("unshare")));
                        cmd.addAll(procNamespace());
                        cmd.addAll(List.of(Tools.which("mount"), "-t", "proc", "proc", dir.toString()));
                        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                        ok = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
                    } finally {
                        Files.deleteIfExists(dir);
                    }
                } catch (IOException e) {
                    ok = false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            procMounts = ok;
        }
        return ok;
    }

    /** True when {@code unshare -r chroot / true} works here: unprivileged users may chroot in a user namespace. */
    private static boolean userNamespaceChroot() {
        Boolean ok = userNamespaces;
        if (ok == null) {
            ok = false;
            if (Tools.onPath("unshare")) {
                try {
                    Process p = new ProcessBuilder(Tools.which("unshare"), "-r", Tools.which("chroot"), "/", "true")
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    ok = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
                } catch (IOException e) {
                    ok = false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            userNamespaces = ok;
        }
        return ok;
    }

    /** Runs {@code argv} (argv[0] is a path inside {@code rootfs}) with exactly {@code env} and {@code stdin}. */
    public static RunResult run(Path rootfs, List<String> argv, Map<String, String> env, byte[] stdin, Duration timeout) {
        return exec(command(rootfs, argv, List.of()), rootfs, env, stdin, timeout);
    }

    /**
     * The syscall names the program made, in order, from {@code strace -f -qq -e trace=all}; the
     * trace starts after the execve that started the program, so chroot's own calls are not in it.
     */
    public static List<String> syscallNames(Path rootfs, List<String> argv, Map<String, String> env, byte[] stdin,
                                     Duration timeout) {
        return syscallNames(rootfs, argv, env, stdin, timeout, line -> false);
    }

    /** The same, leaving out the calls whose strace line {@code drop} matches (a documented normalisation). */
    public static List<String> syscallNames(Path rootfs, List<String> argv, Map<String, String> env, byte[] stdin,
                                     Duration timeout, java.util.function.Predicate<String> drop) {
        return syscallNames(rootfs, argv, env, stdin, timeout, drop, false);
    }

    /**
     * The same; with {@code withProc} (only when {@link #procMountable}) the chroot has a real /proc
     * mounted at {@code rootfs}/proc, as a Linux system has and as the emulator serves it.
     */
    public static List<String> syscallNames(Path rootfs, List<String> argv, Map<String, String> env, byte[] stdin,
                                     Duration timeout, java.util.function.Predicate<String> drop, boolean withProc) {
        try {
            Path log = Files.createTempFile("corpus-strace", ".log");
            try {
                List<String> prefix = List.of(Tools.which("strace"), "-f", "-qq", "-e", "trace=all", "-o", log.toString());
                List<String> cmd;
                if (withProc) {
                    if (!procMountable()) throw new IllegalStateException("/proc cannot be mounted for native runs here");
                    Files.createDirectories(rootfs.resolve("proc"));
                    cmd = new ArrayList<>(prefix);
                    cmd.add(Tools.which("unshare"));
                    cmd.addAll(procNamespace());
                    cmd.addAll(List.of(Tools.which("sh"), "-c",
                            Tools.which("mount") + " -t proc proc \"$0/proc\" && exec " + Tools.which("chroot") + " \"$0\" \"$@\"",
                            rootfs.toString()));
                    cmd.addAll(argv);
                } else {
                    cmd = command(rootfs, argv, prefix);
                }
                exec(cmd, rootfs, env, stdin, timeout);
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return StraceLog.namesAfterExec(lines.stream().filter(drop.negate()).toList(), argv.get(0));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> command(Path rootfs, List<String> argv, List<String> prefix) {
        List<String> cmd = new ArrayList<>(prefix);
        if (confined()) {
            if (!Tools.isRoot()) {
                cmd.add(Tools.which("unshare"));
                cmd.add("-r");
            }
            cmd.add(Tools.which("chroot"));
            cmd.add(rootfs.toString());
            cmd.addAll(argv);
        } else {
            if (!warned) {
                warned = true;
                System.err.println("NOTE: not root and no user namespaces: native reference runs are NOT confined to"
                        + " their rootfs (no chroot); programs that read absolute rootfs paths will fail on the host side");
            }
            cmd.add(rootfs.resolve(argv.get(0).substring(1)).toString());
            cmd.addAll(argv.subList(1, argv.size()));
        }
        return cmd;
    }

    private static RunResult exec(List<String> cmd, Path rootfs, Map<String, String> env, byte[] stdin, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(rootfs.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        return HostProcess.run(pb, stdin, timeout);
    }

    /** Reads strace's output format. */
    static final class StraceLog {
        private static final Pattern CALL = Pattern.compile("^(?:\\[?pid\\s+)?(?:\\d+\\]?\\s+)?([a-z_][a-z0-9_]*)\\((.*)");

        private StraceLog() { }

        /** Syscall names in order, starting after the successful execve of {@code program}. */
        static List<String> namesAfterExec(List<String> lines, String program) {
            List<String> names = new ArrayList<>();
            boolean started = false;
            for (String line : lines) {
                Matcher m = CALL.matcher(line);
                if (!m.find()) continue; // signals (---), exits (+++), resumed halves
                String name = m.group(1);
                if (name.equals("execve")) {
                    if (m.group(2).startsWith("\"" + program + "\"") && line.matches(".*=\\s*0\\s*$")) {
                        started = true;
                        names.clear();
                    }
                    continue;
                }
                if (started) names.add(name);
            }
            return names;
        }
    }
}
