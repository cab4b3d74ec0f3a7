package dev.binfarm.worker.qemu;

import dev.binfarm.worker.RunOutcome;
import dev.binfarm.worker.RunRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import dev.binfarm.worker.docker.PortRelay;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Map;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** Reads a qemu-linux guest's console (see {@link QemuLinuxRuntime#initScript}) into a {@link RunOutcome}. */
final class LinuxConsole {
    /** Largest produced file carried back; larger ones are reported as an error. */
    static final int MAX_FILE = 64 << 20;

    private LinuxConsole() { }

    /**
     * @param forwards a server's guest port -> host port of QEMU's forward; relayed from 127.0.0.1:guest port
     *                 once the guest says every port listens, until the run ends
     */
    static RunOutcome follow(Qemu q, String marker, RunRequest r, long t0, Map<Integer, Integer> forwards)
            throws InterruptedException {
        List<PortRelay> relays = new ArrayList<>();
        try {
            return follow(q, marker, r, t0, forwards, relays);
        } finally {
            for (PortRelay p : relays) p.close();
        }
    }

    private static RunOutcome follow(Qemu q, String marker, RunRequest r, long t0, Map<Integer, Integer> forwards,
                                     List<PortRelay> relays) throws InterruptedException {
        ArrayDeque<String> tail = new ArrayDeque<>();
        String start = marker + " START", exit = marker + " EXIT ", end = marker + " END", done = marker + " DONE";
        long deadline = System.nanoTime() + QemuLinuxRuntime.BOOT_LIMIT.toNanos();
        for (;;) {
            String line = q.next(deadline - System.nanoTime());
            if (line == null || line == Qemu.EOF)
                return RunOutcome.failed((line == null ? "boot failure: the guest did not start the app within "
                        + QemuLinuxRuntime.BOOT_LIMIT.toSeconds() + " s" : "boot failure: QEMU ended before the app started")
                        + context(tail, q), QemuLinuxRuntime.elapsed(t0));
            if (line.endsWith(start)) break; // SeaBIOS leaves its last text on the first line
            remember(tail, line);
        }
        long appStart = System.nanoTime();
        deadline = appStart + r.timeout().toNanos();
        int status;
        for (;;) {
            String line = q.next(deadline - System.nanoTime());
            if (line == null)
                return RunOutcome.timedOut(null, null, QemuLinuxRuntime.elapsed(appStart), 0, List.of());
            if (line == Qemu.EOF)
                return RunOutcome.failed("guest crash: the VM ended while the app ran" + context(tail, q), QemuLinuxRuntime.elapsed(t0));
            if (line.equals(marker + " LISTEN") && relays.isEmpty()) {
                forwards.forEach((guest, host) -> relays.add(PortRelay.now(guest, "127.0.0.1", host)));
                continue;
            }
            if (line.startsWith(exit)) {
                try {
                    status = Integer.parseInt(line.substring(exit.length()).strip());
                } catch (NumberFormatException e) {
                    return RunOutcome.failed("bad exit line from the guest: " + line, QemuLinuxRuntime.elapsed(t0));
                }
                break;
            }
            remember(tail, line);
        }
        Duration appTime = QemuLinuxRuntime.elapsed(appStart);
        byte[] stdout = null, stderr = null;
        String fileError = null;
        deadline = System.nanoTime() + QemuLinuxRuntime.REPORT_LIMIT.toNanos();
        String block = null; // STDOUT, STDERR or FILE
        String file = null;
        ByteArrayOutputStream b64 = new ByteArrayOutputStream();
        boolean overflow = false;
        for (;;) {
            String line = q.next(deadline - System.nanoTime());
            if (line == null || line == Qemu.EOF)
                return RunOutcome.failed("the guest did not finish reporting the app's output" + context(tail, q), QemuLinuxRuntime.elapsed(t0));
            if (block == null) {
                if (line.equals(done)) break;
                if (line.equals(marker + " STDOUT")) block = "STDOUT";
                else if (line.equals(marker + " STDERR")) block = "STDERR";
                else if (line.startsWith(marker + " GONE ")) {
                    String gone = new String(Base64.getDecoder().decode(line.substring(marker.length() + 6).strip()), StandardCharsets.UTF_8);
                    String err = remove(r.rootfs(), gone);
                    if (err != null && fileError == null) fileError = err;
                    continue;
                } else if (line.startsWith(marker + " FILE ")) {
                    block = "FILE";
                    file = new String(Base64.getDecoder().decode(line.substring(marker.length() + 6).strip()), StandardCharsets.UTF_8);
                } else remember(tail, line);
                b64.reset();
                overflow = false;
                continue;
            }
            if (!line.equals(end)) {
                if (b64.size() <= MAX_FILE / 3 * 4 + 4096) b64.writeBytes(line.strip().getBytes(StandardCharsets.ISO_8859_1));
                else overflow = true;
                continue;
            }
            byte[] data;
            try {
                if (overflow) throw new IllegalArgumentException("larger than " + (MAX_FILE >> 20) + " MB");
                data = Base64.getMimeDecoder().decode(b64.toByteArray());
            } catch (IllegalArgumentException e) { // a kernel message spliced into the frame, or a huge file
                return RunOutcome.failed("cannot read the guest's " + (file != null && block.equals("FILE") ? "file " + file : block)
                        + ": " + e.getMessage(), QemuLinuxRuntime.elapsed(t0));
            }
            switch (block) {
                case "STDOUT" -> stdout = cap(data, r.outputCap());
                case "STDERR" -> stderr = cap(data, r.outputCap());
                default -> {
                    String err = store(r.rootfs(), file, data);
                    if (err != null && fileError == null) fileError = err;
                }
            }
            block = null;
        }
        if (fileError != null) return RunOutcome.failed(fileError, QemuLinuxRuntime.elapsed(t0));
        // busybox sh reports death by signal N as 128+N, like an exit status of 128+N: read it as the signal.
        if (status > 128 && status < 128 + 65)
            return new RunOutcome(null, status - 128, false, null, stdout, stderr, appTime, 0, List.of(),
                    "killed by signal " + (status - 128) + " (status " + status + " in the guest)");
        return new RunOutcome(status, null, false, null, stdout, stderr, appTime, 0, List.of(), null);
    }

    // Writes a file the app produced into the host rootfs, refusing anything that would land outside it.
    static String store(Path rootfs, String guestPath, byte[] data) {
        try {
            Path root = rootfs.toRealPath();
            Path target = root.resolve(guestPath.replaceFirst("^/+", "")).normalize();
            if (!target.startsWith(root) || target.equals(root)) return "the guest reported a file outside the rootfs: " + guestPath;
            Files.createDirectories(target.getParent());
            if (!target.getParent().toRealPath().startsWith(root)) return "the guest's file " + guestPath + " lies behind a link out of the rootfs";
            if (Files.isSymbolicLink(target)) Files.delete(target);
            Files.write(target, data);
            return null;
        } catch (IOException | RuntimeException e) {
            return "cannot store the guest's file " + guestPath + ": " + e.getMessage();
        }
    }

    // Removes a file the app deleted from the host rootfs, refusing anything outside it.
    static String remove(Path rootfs, String guestPath) {
        try {
            Path root = rootfs.toRealPath();
            Path target = root.resolve(guestPath.replaceFirst("^/+", "")).normalize();
            if (!target.startsWith(root) || target.equals(root)) return "the guest reported a file outside the rootfs: " + guestPath;
            if (!target.getParent().toRealPath().startsWith(root)) return "the guest's file " + guestPath + " lies behind a link out of the rootfs";
            Files.deleteIfExists(target);
            return null;
        } catch (java.nio.file.NoSuchFileException e) {
            return null; // its directory went too
        } catch (IOException | RuntimeException e) {
            return "cannot remove the file " + guestPath + " the guest deleted: " + e.getMessage();
        }
    }

    private static byte[] cap(byte[] data, int cap) {
        return data.length <= cap ? data : Arrays.copyOf(data, cap);
    }

    private static void remember(ArrayDeque<String> tail, String line) {
        if (tail.size() == 20) tail.removeFirst();
        tail.addLast(line);
    }

    private static String context(ArrayDeque<String> tail, Qemu q) {
        StringBuilder sb = new StringBuilder();
        String err = q.errors();
        if (!err.isEmpty()) sb.append("; qemu: ").append(err);
        if (!tail.isEmpty()) sb.append("; console:\n").append(String.join("\n", tail));
        return sb.toString();
    }
}
