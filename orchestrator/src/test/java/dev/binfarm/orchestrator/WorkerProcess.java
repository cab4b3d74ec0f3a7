package dev.binfarm.orchestrator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A `farm worker` JVM started with this test's classpath; its output, Quartz's log included, is kept for failure messages. */
final class WorkerProcess implements AutoCloseable {
    final String name;
    final Process process;
    final StringBuffer output = new StringBuffer();
    private final CompletableFuture<String> ready = new CompletableFuture<>();

    WorkerProcess(String name, String dbUrl, Path home, int threads, long sleepMs) throws IOException {
        this.name = name;
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dbinfarm.test.sleepMs=" + sleepMs,
                // Quartz logs what it recovers from a dead node: kept in the output for failure messages.
                "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-cp", System.getProperty("java.class.path"), WorkerNode.class.getName(),
                "--db", dbUrl, "--threads", Integer.toString(threads), "--name", name, "--home", home.toString(),
                "--work", FakeWork.class.getName(), "--checkin", "1000"));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.append(line).append('\n');
                    if (line.startsWith("worker " + name + " ready (")) ready.complete(line);
                }
            } catch (IOException ignored) {
                // The process died; its output so far is what we have.
            }
            ready.completeExceptionally(new IOException("worker " + name + " ended before it was ready:\n" + output));
        }, "worker-output-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** The Quartz instance id the worker printed once it joined the cluster. */
    String awaitReady() throws Exception {
        String line = ready.get(60, TimeUnit.SECONDS);
        return line.substring(line.indexOf('(') + 1, line.indexOf(','));
    }

    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) kill();
        }
    }
}
