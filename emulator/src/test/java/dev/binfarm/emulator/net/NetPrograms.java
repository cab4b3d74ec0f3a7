package dev.binfarm.emulator.net;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestControl;
import dev.binfarm.emulator.GuestOutcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Builds the C programs under {@code src/test/resources/net} at test time
 * (glibc static-PIE, cached in target/net-cache by a hash of the source) and
 * runs them natively or in the emulator, in the foreground or as servers.
 */
final class NetPrograms {
    private NetPrograms() { }

    static Path source(String name) {
        URL u = NetPrograms.class.getClassLoader().getResource("net/" + name);
        if (u == null) throw new IllegalStateException("net/" + name + " is not on the test classpath");
        try {
            return Path.of(u.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The static-PIE of {@code net/<name>.c}. */
    static synchronized Path build(String name) {
        try {
            Path src = source(name + ".c");
            Path cache = Files.createDirectories(Path.of(System.getProperty("basedir", "."), "target", "net-cache"));
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(Files.readAllBytes(src));
            Path out = cache.resolve(name + "-" + HexFormat.of().formatHex(md.digest(), 0, 6));
            if (Files.isRegularFile(out)) return out;
            Path tmp = cache.resolve(out.getFileName() + ".tmp");
            Process p = new ProcessBuilder("gcc", "-O1", "-static-pie", "-o", tmp.toString(), src.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("gcc " + name + ": " + log);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An empty rootfs with /tmp (static programs need nothing else). */
    static Path rootfs(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("tmp"));
        return dir;
    }

    static Guest.Builder guest(Path rootfs, String name, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("/" + name);
        argv.addAll(List.of(args));
        return Guest.builder().rootfs(rootfs).exe(build(name)).argv(argv).timeout(Duration.ofSeconds(120));
    }

    /** A guest server running on its own thread, with its control. */
    record Server(CompletableFuture<GuestOutcome> outcome, GuestControl control) {
        int port(int guestPort) throws InterruptedException {
            int p = control.awaitPort(guestPort, Duration.ofSeconds(60));
            if (p < 0) throw new IllegalStateException("the guest did not listen on " + guestPort + ": "
                    + (outcome.isDone() ? outcome.join().exit() + " " + new String(outcome.join().stderr()) : "still running"));
            return p;
        }

        GuestOutcome await() throws Exception { return outcome.get(120, TimeUnit.SECONDS); }
    }

    static Server start(Guest.Builder b) {
        GuestControl c = new GuestControl();
        Guest g = b.control(c).build();
        CompletableFuture<GuestOutcome> f = new CompletableFuture<>();
        Thread.ofPlatform().name("guest-server").start(() -> {
            try {
                f.complete(g.run());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return new Server(f, c);
    }

    record Native(int status, String stdout, String stderr) { }

    static Native runNative(String name, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(build(name).toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread t = Thread.ofPlatform().start(() -> {
            try { p.getErrorStream().transferTo(err); } catch (IOException ignored) { /* ended */ }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) { p.destroyForcibly(); throw new IllegalStateException(name + " hung"); }
        t.join();
        return new Native(p.exitValue(), out, err.toString(StandardCharsets.UTF_8));
    }

    static Process startNative(String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(build(name).toString());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    static String text(byte[] b) { return new String(b, StandardCharsets.UTF_8); }
}
