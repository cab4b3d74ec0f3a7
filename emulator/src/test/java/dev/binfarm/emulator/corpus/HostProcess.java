package dev.binfarm.emulator.corpus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Runs a host process for the differential tests: the native side of every comparison, and the compilers. */
public final class HostProcess {
    private HostProcess() { }

    private static final String ENV = "/usr/bin/env";

    /**
     * Starts {@code pb}, feeds {@code stdin} when its input is a pipe (the caller chose the
     * redirect), collects stdout and stderr, and waits up to {@code timeout}.
     */
    public static RunResult run(ProcessBuilder pb, byte[] stdin, Duration timeout) {
        // A guest starts with every signal at its default action. A host process inherits ignored signals
        // from the JVM instead (a test run under nohup or as a background job ignores SIGHUP/SIGINT/SIGQUIT),
        // and programs such as gzip then skip their rt_sigaction calls: the reference must start like the guest.
        if (!pb.command().isEmpty() && !pb.command().get(0).equals(ENV)) {
            java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(ENV, "--default-signal"));
            cmd.addAll(pb.command());
            pb.command(cmd);
        }
        try {
            Process p = pb.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            Thread o = drain(p.getInputStream(), out), e = drain(p.getErrorStream(), err);
            if (pb.redirectInput() == ProcessBuilder.Redirect.PIPE) {
                try (OutputStream in = p.getOutputStream()) {
                    if (stdin != null) in.write(stdin);
                } catch (IOException ignored) {
                    // the program exited without reading all of stdin: that is its business
                }
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException(pb.command() + " did not finish in " + timeout);
            }
            o.join();
            e.join();
            return new RunResult(p.exitValue(), out.toByteArray(), err.toByteArray());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static Thread drain(InputStream in, ByteArrayOutputStream sink) {
        return Thread.ofPlatform().daemon().start(() -> {
            try (in) {
                in.transferTo(sink);
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }
}
