package dev.binfarm.worker.qemu;

import dev.binfarm.worker.Availability;

import dev.binfarm.worker.RunOutcome;
import dev.binfarm.worker.RunRequest;
import dev.binfarm.worker.Runtime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Unikraft app-elfloader image under QEMU as a runtime (FACTS.md): the app's rootfs shared
 * over 9p with mount tag {@code fs1} (or the static ELF as the initrd), argv in {@code -append}.
 * The VM never exits by itself, so the end of a run is read from the console
 * ({@link UnikraftConsole}): the debug variant's "Process PID 1 released", else exit_group
 * seen and the console quiet for {@link Config#exitGrace()}, else (plain variant) app output
 * seen and the console quiet for {@link Config#quiet()}; then QEMU is killed. A crash line
 * ends the run as a crash once its dump has been printed.
 *
 * <p>Unproven against a real image here (none on this machine): the process handling is
 * tested with a stand-in for QEMU, the parser with FACTS.md's formats. Limits: env and stdin
 * are not passed (the image takes argv only), stdout and stderr share the console (all in
 * stdout), and without an exit_group line the exit status is taken as 0.
 */
public final class QemuUnikraftRuntime implements Runtime {
    public static final String KIND = "qemu-unikraft";

    /** How the app's files reach the unikernel. */
    public enum Mode { NINEP, INITRD }

    /**
     * @param name      runtime name
     * @param image     the Unikraft kernel image
     * @param mode      9p share of the rootfs or the ELF as initrd
     * @param qemu      the QEMU binary
     * @param ports     TCP ports forwarded from 127.0.0.1 to the guest (servers), empty for none
     * @param bootLimit how long until the banner's version line
     * @param quiet     console silence that ends a plain run after app output
     * @param exitGrace console silence that ends a run after exit_group or a crash
     * @param variant   strace, debug or plain: what the image prints
     * @param memoryMb  guest memory
     */
    public record Config(String name, Path image, Mode mode, String qemu, List<Integer> ports, Duration bootLimit,
                         Duration quiet, Duration exitGrace, String variant, int memoryMb) {
        public Config {
            ports = List.copyOf(ports);
            if (!List.of("strace", "debug", "plain").contains(variant))
                throw new IllegalArgumentException("variant must be strace, debug or plain, not '" + variant + "'");
            if (memoryMb < 16) throw new IllegalArgumentException("memory must be at least 16 MB");
        }

        public static Config of(String name, Path image, Mode mode) {
            return new Config(name, image, mode, QemuLinuxRuntime.BINARY, List.of(), Duration.ofSeconds(30),
                    Duration.ofMillis(1500), Duration.ofMillis(300), "strace", 1024);
        }
    }

    private final Config config;
    private volatile String version;

    public QemuUnikraftRuntime(Config config) { this.config = config; }

    @Override public String kind() { return KIND; }
    @Override public String name() { return config.name(); }

    @Override
    public String version() {
        String v = version;
        if (v == null) {
            String q = Qemu.version(config.qemu());
            v = (q == null ? "qemu?" : q) + " image " + config.image().getFileName() + " (" + config.variant() + ") accel=tcg";
            version = v;
        }
        return v;
    }

    public Availability available() {
        String q = Qemu.version(config.qemu());
        if (q == null) return Availability.no(config.qemu() + " not found (Debian package qemu-system-x86)");
        if (!Files.isRegularFile(config.image())) return Availability.no("Unikraft image " + config.image() + " does not exist");
        return Availability.yes(q + ", image " + config.image() + " (unproven: no real image tested here)");
    }

    /** The QEMU command line for a request (FACTS.md's, plus user-mode networking when ports are forwarded). */
    List<String> command(RunRequest r) {
        List<String> cmd = new ArrayList<>(List.of(config.qemu(), "-m", config.memoryMb() + "M", "-nographic", "-nodefaults", "-display", "none",
                "-serial", "stdio", "-device", "isa-debug-exit"));
        cmd.addAll(Qemu.accelArgs("tcg"));
        cmd.addAll(List.of("-kernel", config.image().toString()));
        if (config.mode() == Mode.NINEP) {
            // The CellExecutor's rootfs is already this run's own copy; sharing it lets the Judge see produced files.
            cmd.addAll(List.of("-fsdev", "local,security_model=none,id=hvirtio0,path=" + r.rootfs(),
                    "-device", "virtio-9p-pci,fsdev=hvirtio0,mount_tag=fs1"));
        } else {
            Path elf = r.exe() != null ? r.exe() : r.rootfs().resolve(r.argv().getFirst().replaceFirst("^/+", ""));
            cmd.addAll(List.of("-initrd", elf.toString()));
        }
        StringBuilder append = new StringBuilder();
        if (!config.ports().isEmpty()) {
            StringBuilder net = new StringBuilder("user,id=net0");
            for (int p : config.ports()) net.append(",hostfwd=tcp:127.0.0.1:").append(p).append("-:").append(p);
            cmd.addAll(List.of("-netdev", net.toString(), "-device", "virtio-net-pci,netdev=net0"));
            append.append("netdev.ipv4_addr=10.0.2.15 netdev.ipv4_gw_addr=10.0.2.2 netdev.ipv4_subnet_mask=255.255.255.0 -- ");
        }
        for (int i = 0; i < r.argv().size(); i++) {
            if (i > 0) append.append(' ');
            append.append(arg(r.argv().get(i)));
        }
        cmd.addAll(List.of("-append", append.toString()));
        return cmd;
    }

    // Unikraft's argument parser splits at blanks and honours double quotes.
    static String arg(String a) {
        if (!a.isEmpty() && a.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '"')) return a;
        return "\"" + a.replace("\"", "\\\"") + "\"";
    }

    @Override
    public RunOutcome run(RunRequest r) throws InterruptedException {
        long t0 = System.nanoTime();
        if (!RunRequest.DEFAULT_PROFILE.equals(r.profile()))
            return RunOutcome.failed("syscall profile '" + r.profile() + "' is not supported by qemu-unikraft", elapsed(t0));
        try (Qemu q = Qemu.start(command(r))) {
            return follow(q, new UnikraftConsole(r.outputCap(), UnikraftConsole.Variant.valueOf(config.variant().toUpperCase(java.util.Locale.ROOT))), r, t0);
        } catch (IOException e) {
            return RunOutcome.failed("cannot run " + config.qemu() + ": " + e.getMessage(), elapsed(t0));
        }
    }

    RunOutcome follow(Qemu q, UnikraftConsole console, RunRequest r, long t0) throws InterruptedException {
        long bootDeadline = t0 + config.bootLimit().toNanos();
        long appDeadline = Long.MAX_VALUE;
        long last = System.nanoTime();
        for (;;) {
            long now = System.nanoTime();
            long wake = console.booted() ? appDeadline : bootDeadline;
            Duration grace = graceNow(console);
            if (grace != null) wake = Math.min(wake, last + grace.toNanos());
            String line = q.next(wake - now);
            now = System.nanoTime();
            if (line == Qemu.EOF) {
                if (!console.booted())
                    return RunOutcome.failed("boot failure: QEMU ended before the Unikraft banner" + context(q, console), elapsed(t0));
                if (console.crashed() || console.active() || console.released()) return ended(console, t0);
                return RunOutcome.failed("guest crash: the VM ended before the app did anything" + context(q, console), elapsed(t0));
            }
            if (line != null) {
                boolean was = console.booted();
                console.accept(line);
                last = now;
                if (!was && console.booted()) appDeadline = now + r.timeout().toNanos();
                if (console.released()) return ended(console, t0);
                continue;
            }
            // nothing came in time: which wait ran out?
            if (!console.booted())
                return RunOutcome.failed("boot failure: no Unikraft banner within " + config.bootLimit().toSeconds() + " s"
                        + context(q, console), elapsed(t0));
            if (grace != null && now - last >= grace.toNanos()) return ended(console, t0);
            if (now >= appDeadline)
                return RunOutcome.timedOut(console.output(), null, elapsed(t0), 0, console.syscalls());
        }
    }

    // How long a silent console means the end, given what was seen; null while it means nothing yet.
    private Duration graceNow(UnikraftConsole c) {
        if (!c.booted()) return null;
        if (c.crashed() || c.exitSeen()) return config.exitGrace();
        if (c.active()) return config.quiet();
        return null;
    }

    private static RunOutcome ended(UnikraftConsole c, long t0) {
        if (c.crashed())
            return new RunOutcome(null, 11, false, null, c.output(), null, elapsed(t0), 0, c.syscalls(), "unikernel crash:\n" + c.crashText());
        int status = c.exitStatus() == null ? 0 : c.exitStatus();
        return new RunOutcome(status, null, false, null, c.output(), null, elapsed(t0), 0, c.syscalls(), null);
    }

    private static String context(Qemu q, UnikraftConsole c) {
        StringBuilder sb = new StringBuilder();
        String err = q.errors();
        if (!err.isEmpty()) sb.append("; qemu: ").append(err);
        List<String> boot = c.bootLines();
        if (!boot.isEmpty()) sb.append("; console:\n").append(String.join("\n", boot.subList(Math.max(0, boot.size() - 10), boot.size())));
        return sb.toString();
    }

    static Duration elapsed(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
