package dev.binfarm.worker.qemu;

import dev.binfarm.worker.Availability;

import dev.binfarm.worker.RunOutcome;
import dev.binfarm.worker.RunRequest;
import dev.binfarm.worker.Runtime;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A full Linux kernel under QEMU as a runtime: each run boots Debian's cloud kernel with a
 * generated initramfs holding a static busybox, the app's rootfs under {@code /app} and an
 * {@code /init} script that chroots into it and runs the request's argv. The app's stdout,
 * stderr and exit status, and the files it wrote, travel back over the serial console
 * base64-framed between lines carrying a per-run random marker, so kernel messages never mix
 * with app output. The VM powers itself off; QEMU is killed and the temp dir removed in any case.
 *
 * <p>Servers (a request with ports): the guest gets a virtio-net card on QEMU's user-mode network
 * {@value #SERVER_NET}, restricted (no way out), as {@value #SERVER_ADDRESS} (the address upstream's
 * redis.conf binds, as in the Docker runtime), with a host forward per port from a free loopback
 * port. QEMU accepts on a forwarded port from the start, before anything listens in the guest, so
 * the init script watches /proc/net/tcp{,6} and says LISTEN once every port listens; only then does
 * a relay bind 127.0.0.1:port (the port the worker's probes use) to the forward. The VM runs until
 * the worker interrupts the run.
 *
 * <p>Timing: the request's timeout counts from the guest's START line (the app's exec), so a
 * slow TCG boot is not charged to the app; the boot itself gets {@link #BOOT_LIMIT}.
 * Limits: no syscall counts (a real kernel does not tell), an exit status above 128 is read as
 * a signal (busybox sh reports both alike).
 */
public final class QemuLinuxRuntime implements Runtime {
    public static final String NAME = "qemu-linux";
    static final Duration BOOT_LIMIT = Duration.ofSeconds(60);
    static final Duration REPORT_LIMIT = Duration.ofSeconds(60);
    /**
     * no_timer_check: on a busy host a TCG vCPU is so slow that the kernel's IO-APIC timer check
     * fails and it panics ("IO-APIC + timer doesn't work!"), seen at load 12 on 2 cores.
     */
    static final String KERNEL_ARGS = "console=ttyS0 quiet loglevel=1 panic=-1 no_timer_check";
    static final Duration STARTUP_ALLOWANCE = Duration.ofSeconds(30);
    static final Duration KVM_PROBE = Duration.ofSeconds(8);
    static final String BINARY = "qemu-system-x86_64";
    static final String SERVER_NET = "172.44.0.0/24";
    static final String SERVER_GATEWAY = "172.44.0.1";
    static final String SERVER_ADDRESS = "172.44.0.2";

    private final String name;
    private final Path cache;
    private final Path kernelOverride;
    private final Path tmpRoot;
    private volatile String accel;
    private volatile String version;

    /**
     * @param name   runtime name (usually {@value #NAME})
     * @param cache  where the kernel and busybox are cached ({@link GuestKernel#defaultCache()})
     * @param kernel a kernel image to use instead of Debian's, or null
     * @param tmp    where per-run temp dirs go (null: the system temp dir)
     */
    public QemuLinuxRuntime(String name, Path cache, Path kernel, Path tmp) {
        this.name = name;
        this.cache = cache;
        this.kernelOverride = kernel;
        this.tmpRoot = tmp;
    }

    /** The standard runtime: default cache, Debian's kernel, system temp dir. */
    public static QemuLinuxRuntime detect() {
        return new QemuLinuxRuntime(NAME, GuestKernel.defaultCache(), null, null);
    }

    @Override public String kind() { return "qemu-linux"; }

    /** A TCG boot takes 2-5 s on an idle machine and far longer on a busy one: not the server's time. */
    @Override public Duration startupAllowance() { return STARTUP_ALLOWANCE; }
    @Override public String name() { return name; }

    /** QEMU's version, the kernel file and the accelerator that runs guests ("tcg" here: KVM hangs). */
    @Override
    public String version() {
        String v = version;
        if (v == null) {
            String q = Qemu.version(BINARY);
            String k;
            try {
                k = kernel().getFileName().toString();
            } catch (IOException | InterruptedException e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                k = "kernel?";
            }
            v = (q == null ? "qemu?" : q) + " " + k + " accel=" + accel();
            version = v;
        }
        return v;
    }

    /** Whether QEMU is installed and a kernel is at hand (or can be fetched with apt-get). */
    public Availability available() {
        String q = Qemu.version(BINARY);
        if (q == null) return Availability.no(BINARY + " not found (Debian package qemu-system-x86)");
        if (kernelOverride != null)
            return Files.isRegularFile(kernelOverride) ? Availability.yes(q + ", kernel " + kernelOverride)
                    : Availability.no("kernel " + kernelOverride + " does not exist");
        Path dir = cache.resolve("kernel");
        try (var s = Files.list(dir)) {
            if (s.anyMatch(p -> p.getFileName().toString().startsWith("vmlinuz-")))
                return Availability.yes(q + ", kernel cached in " + dir);
        } catch (IOException e) {
            // not cached yet
        }
        if (Qemu.version("apt-get") == null && !Files.isExecutable(Path.of("/usr/bin/apt-get")))
            return Availability.no("no kernel in " + dir + " and no apt-get to fetch " + GuestKernel.KERNEL_META + " (use --kernel)");
        return Availability.yes(q + ", kernel fetched with apt-get on first use");
    }

    Path kernel() throws IOException, InterruptedException {
        return kernelOverride != null ? kernelOverride : GuestKernel.kernel(cache);
    }

    /** The accelerator, probed once: KVM only when a guest really boots on it within {@link #KVM_PROBE}. */
    String accel() {
        String a = accel;
        if (a != null) return a;
        synchronized (this) {
            if (accel == null) accel = probeKvm() ? "kvm" : "tcg";
            return accel;
        }
    }

    private boolean probeKvm() {
        if (!Qemu.kvmDeviceUsable()) return false;
        String forced = System.getProperty("binfarm.qemu.accel", System.getenv("BINFARM_QEMU_ACCEL"));
        if (forced != null) return forced.equals("kvm");
        Path dir = null;
        try {
            dir = tempDir();
            String marker = "@@BINFARM-KVM-" + nonce();
            Path initrd = dir.resolve("initrd.gz");
            try (OutputStream o = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(initrd)));
                 Cpio c = new Cpio(o)) {
                skeleton(c, Files.readAllBytes(GuestKernel.busybox(cache)));
                c.file("init", 0755, ("#!/bin/busybox sh\necho " + marker + "\n/bin/busybox poweroff -f\n").getBytes(StandardCharsets.UTF_8));
            }
            try (Qemu q = Qemu.start(command("kvm", initrd, Map.of()))) {
                long deadline = System.nanoTime() + KVM_PROBE.toNanos();
                for (;;) {
                    String line = q.next(deadline - System.nanoTime());
                    if (line == null || line == Qemu.EOF) return false;
                    if (line.contains(marker)) return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            GuestKernel.deleteTree(dir);
        }
    }

    /** @param forwards guest port -> host loopback port; empty: no network card at all */
    private List<String> command(String accel, Path initrd, Map<Integer, Integer> forwards) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(BINARY, "-nographic", "-nodefaults", "-serial", "stdio", "-no-reboot",
                "-m", "512", "-display", "none"));
        cmd.addAll(Qemu.accelArgs(accel));
        cmd.addAll(List.of("-kernel", kernel().toString(), "-initrd", initrd.toString(),
                "-append", KERNEL_ARGS));
        cmd.addAll(netArgs(forwards));
        return cmd;
    }

    static List<String> netArgs(Map<Integer, Integer> forwards) {
        if (forwards.isEmpty()) return List.of();
        StringBuilder net = new StringBuilder("user,id=n0,restrict=on,net=" + SERVER_NET + ",host=" + SERVER_GATEWAY);
        forwards.forEach((guest, host) -> net.append(",hostfwd=tcp:127.0.0.1:").append(host).append('-')
                .append(SERVER_ADDRESS).append(':').append(guest));
        // romfile= : no iPXE option ROM, which only slows the boot.
        return List.of("-netdev", net.toString(), "-device", "virtio-net-pci,netdev=n0,romfile=");
    }

    /** A free loopback port per guest port (free when asked: QEMU binds it a moment later). */
    private static Map<Integer, Integer> freePorts(List<Integer> ports) throws IOException {
        Map<Integer, Integer> m = new java.util.LinkedHashMap<>();
        for (int p : ports) {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                m.put(p, s.getLocalPort());
            }
        }
        return m;
    }

    private Path tempDir() throws IOException {
        if (tmpRoot == null) return Files.createTempDirectory("binfarm-qemu-");
        Files.createDirectories(tmpRoot);
        return Files.createTempDirectory(tmpRoot, "binfarm-qemu-");
    }

    @Override
    public RunOutcome run(RunRequest request) throws InterruptedException {
        long t0 = System.nanoTime();
        if (!RunRequest.DEFAULT_PROFILE.equals(request.profile()))
            return RunOutcome.failed("syscall profile '" + request.profile() + "' cannot be enforced by a Linux kernel", elapsed(t0));
        if (request.exe() != null)
            return RunOutcome.failed("qemu-linux runs programs from the rootfs only (exe given)", elapsed(t0));
        Path dir = null;
        try {
            dir = tempDir();
            String marker = "@@BINFARM-" + nonce();
            Path initrd = dir.resolve("initrd.gz");
            boolean server = !request.ports().isEmpty();
            List<Path> modules = List.of();
            if (server) {
                try {
                    modules = GuestKernel.netModules(cache, kernel());
                } catch (IOException e) {
                    return RunOutcome.failed("no network driver for the qemu-linux guest: " + e.getMessage(), elapsed(t0));
                }
            }
            try {
                writeInitramfs(initrd, request, marker, modules);
            } catch (IOException e) {
                return RunOutcome.failed("cannot build the initramfs: " + e.getMessage(), elapsed(t0));
            }
            Map<Integer, Integer> forwards = server ? freePorts(request.ports()) : Map.of();
            List<String> cmd;
            try {
                cmd = command(accel(), initrd, forwards);
            } catch (IOException e) {
                return RunOutcome.failed("no kernel for qemu-linux: " + e.getMessage(), elapsed(t0));
            }
            try (Qemu q = Qemu.start(cmd)) {
                return LinuxConsole.follow(q, marker, request, t0, forwards);
            }
        } catch (IOException e) {
            return RunOutcome.failed("cannot run " + BINARY + ": " + e.getMessage(), elapsed(t0));
        } finally {
            GuestKernel.deleteTree(dir);
        }
    }

    // /bin/busybox, /dev/console (the kernel opens it for init before /dev is mounted), mount points.
    private static void skeleton(Cpio c, byte[] busybox) throws IOException {
        c.dir("bin", 0755);
        c.file("bin/busybox", 0755, busybox);
        c.dir("dev", 0755);
        c.charDevice("dev/console", 0600, 5, 1);
        c.dir("proc", 0755);
        c.dir("sys", 0755);
        c.dir("tmp", 01777);
    }

    private void writeInitramfs(Path initrd, RunRequest r, String marker, List<Path> modules) throws IOException {
        byte[] busybox;
        try {
            busybox = Files.readAllBytes(GuestKernel.busybox(cache));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching busybox");
        }
        boolean chdir = !r.cwd().equals("/");
        try (OutputStream o = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(initrd), 1 << 16), 1 << 16);
             Cpio c = new Cpio(o)) {
            skeleton(c, busybox);
            c.file(".stdin", 0644, r.stdin());
            if (!modules.isEmpty()) {
                c.dir("modules", 0755);
                for (Path m : modules) c.file("modules/" + m.getFileName(), 0644, Files.readAllBytes(m));
            }
            c.file("init", 0755, initScript(r, marker).getBytes(StandardCharsets.UTF_8));
            if (!Files.isDirectory(r.rootfs(), LinkOption.NOFOLLOW_LINKS)) throw new IOException("rootfs " + r.rootfs() + " is not a directory");
            c.tree(r.rootfs(), "app");
            if (chdir) {
                c.dir("app/.binfarm", 0755);
                c.file("app/.binfarm/busybox", 0755, busybox);
            }
        }
    }

    /** The /init script: mounts, runs the app in a chroot, reports everything framed by {@code marker}. */
    static String initScript(RunRequest r, String marker) {
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/busybox sh\n");
        s.append("B=/bin/busybox\nM=").append(marker).append('\n');
        s.append("$B mount -t proc proc /proc\n");
        s.append("echo 1 > /proc/sys/kernel/printk\n");
        s.append("$B mount -t devtmpfs dev /dev 2>/dev/null\n");
        // Only what the app's own rootfs has room for: the program sees its tree, not ours.
        s.append("[ -d /app/proc ] && $B mount -t proc proc /app/proc\n");
        s.append("[ -d /app/sys ] && $B mount -t sysfs sys /app/sys\n");
        s.append("[ -d /app/dev ] && $B mount -t devtmpfs dev /app/dev\n");
        boolean server = !r.ports().isEmpty();
        if (server) {
            for (String m : GuestKernel.NET_MODULES) s.append("$B insmod /modules/").append(m).append(".ko\n");
            s.append("$B ip link set lo up\n$B ip link set eth0 up\n");
            s.append("$B ip addr add ").append(SERVER_ADDRESS).append("/24 dev eth0\n");
            s.append("$B ip route add default via ").append(SERVER_GATEWAY).append('\n');
        }
        // Produced files = (inode, mtime, path) lines that are new after the run. Not mtime alone: gzip gives its
        // output the input's mtime, and the coarse clock tick can be shared with a marker file. The sentinel
        // line keeps busybox grep from reading an empty pattern file as "match everything".
        s.append("echo //none > /.before\n");
        s.append("$B find /app -xdev -type f -exec $B stat -c '%i %Y %n' {} + >> /.before\n");
        s.append("echo \"$M START\"\n");
        s.append("$B env -i");
        for (Map.Entry<String, String> e : r.env().entrySet()) s.append(' ').append(quote(e.getKey() + "=" + e.getValue()));
        s.append(" $B chroot /app");
        if (!r.cwd().equals("/")) {
            s.append(" /.binfarm/busybox sh -c 'cd \"$0\" && exec \"$@\"' ").append(quote(r.cwd()));
        }
        for (String a : r.argv()) s.append(' ').append(quote(a));
        s.append(" </.stdin >/.out 2>/.err");
        if (server) {
            // /proc/net/tcp{,6} rows: "sl local_addr:PORT rem_addr:port st ..."; state 0A is LISTEN.
            s.append(" &\nP=$!\nwhile kill -0 $P 2>/dev/null; do\n  if ");
            String sep = "";
            for (int port : r.ports()) {
                s.append(sep).append("$B cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | $B grep -q ':")
                        .append(String.format("%04X", port)).append(" [0-9A-F]*:[0-9A-F]* 0A '");
                sep = " && ";
            }
            s.append("; then echo \"$M LISTEN\"; break; fi\n  $B sleep 0.1\ndone\nwait $P\n");
        } else {
            s.append('\n');
        }
        s.append("S=$?\n");
        s.append("echo \"$M EXIT $S\"\n");
        s.append("for d in proc sys dev; do $B umount /app/$d 2>/dev/null; done\n");
        s.append("echo \"$M STDOUT\"; $B base64 /.out; echo \"$M END\"\n");
        s.append("echo \"$M STDERR\"; $B base64 /.err; echo \"$M END\"\n");
        s.append("$B find /app -xdev -type f -exec $B stat -c '%i %Y %n' {} + > /.after\n");
        s.append("$B grep -vxFf /.before /.after | while read -r i t f; do\n");
        s.append("  echo \"$M FILE $(printf %s \"${f#/app}\" | $B base64 -w 0)\"; $B base64 \"$f\"; echo \"$M END\"\n");
        s.append("done\n");
        // Files the app removed (or replaced by something not a regular file): the host removes them too.
        s.append("$B grep -v '^//none$' /.before | while read -r i t f; do\n");
        s.append("  [ -f \"$f\" ] || [ -L \"$f\" ] || echo \"$M GONE $(printf %s \"${f#/app}\" | $B base64 -w 0)\"\n");
        s.append("done\n");
        s.append("echo \"$M DONE\"\n");
        s.append("$B sync\n$B poweroff -f\n");
        return s.toString();
    }

    /** Single-quoted for sh: nothing inside is special except the quote itself. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String nonce() {
        byte[] b = new byte[12];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static Duration elapsed(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    static byte[] decode(ByteArrayOutputStream b64) {
        return Base64.getMimeDecoder().decode(b64.toByteArray());
    }
}
