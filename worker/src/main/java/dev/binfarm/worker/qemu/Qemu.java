package dev.binfarm.worker.qemu;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One QEMU process whose serial console is its stdout, read line by line on a daemon
 * thread into a queue. {@link #close()} always kills the process (the Unikraft VM never
 * exits by itself, and a Linux guest that hangs must not outlive its run).
 */
final class Qemu implements AutoCloseable {
    /** Marks the end of the console in the queue. */
    static final String EOF = new String("<eof>");

    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private Qemu(Process process) {
        this.process = process;
        Thread out = new Thread(() -> pump(process.getInputStream()), "qemu-console-" + process.pid());
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(() -> drain(process.getErrorStream()), "qemu-stderr-" + process.pid());
        err.setDaemon(true);
        err.start();
    }

    static Qemu start(List<String> command) throws IOException {
        return new Qemu(new ProcessBuilder(command).start());
    }

    long pid() { return process.pid(); }

    /** The next console line (bytes as ISO-8859-1, so nothing is lost), EOF at the end, null when none came in time. */
    String next(long nanos) throws InterruptedException {
        return lines.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    boolean alive() { return process.isAlive(); }

    /** What QEMU printed on stderr (its own errors), bounded. */
    String errors() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8).strip();
        }
    }

    private void pump(InputStream in) {
        try (in) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    lines.add(strip(line));
                    line.reset();
                } else if (line.size() < (1 << 20)) {
                    line.write(b);
                }
            }
            if (line.size() > 0) lines.add(strip(line));
        } catch (IOException e) {
            // the process was killed: the console ends here
        } finally {
            lines.add(EOF);
        }
    }

    private static String strip(ByteArrayOutputStream line) {
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private void drain(InputStream in) {
        byte[] buf = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (stderr) {
                    if (stderr.size() < 16384) stderr.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // killed
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly); // a wrapper script's children too
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code qemu-system-x86_64 --version}'s first line, or null when QEMU is missing. */
    static String version(String binary) {
        try {
            Process p = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
            try {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
                String first = out.lines().findFirst().orElse("").strip();
                return first.replaceFirst("^QEMU emulator version\\s*", "qemu ");
            } finally {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The accelerator arguments: KVM when a short probe boot proves it works, else TCG with {@code -cpu max}. */
    static List<String> accelArgs(String accel) {
        List<String> a = new ArrayList<>();
        if ("kvm".equals(accel)) {
            a.addAll(List.of("-accel", "kvm", "-cpu", "host"));
        } else {
            a.addAll(List.of("-accel", "tcg", "-cpu", "max"));
        }
        return a;
    }

    static boolean kvmDeviceUsable() {
        Path kvm = Path.of("/dev/kvm");
        return Files.exists(kvm) && Files.isReadable(kvm) && Files.isWritable(kvm);
    }
}
