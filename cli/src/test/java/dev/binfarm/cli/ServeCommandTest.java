package dev.binfarm.cli;

import dev.binfarm.catalog.Fixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `farm serve`: serves the database, runs the nightly trigger (every 2 s here), stops after a while. */
class ServeCommandTest {
    @TempDir Path tmp;

    @Test
    void serveFiresNightlyRunsAndPrintsTheWorkerUrl() throws Exception {
        FarmRunner farm = new FarmRunner(tmp.resolve("home"));
        byte[] hello = Fixtures.staticPie(tmp.resolve("build"), "hello", Fixtures.HELLO);
        Path repo = tmp.resolve("apps.git");
        Fixtures.commitPrograms(repo, Fixtures.apps(hello, List.of("hello")), "one app");
        assertEquals(0, farm.farm("catalog", "add", "local", repo.toUri().toString()).exit());

        var serve = farm.farm("serve", "--db-port", "0", "--nightly", "0/2 * * * * ?", "--catalog", "local",
                "--stop-after", "8");
        assertEquals(0, serve.exit(), serve.toString());
        assertTrue(serve.out().contains("join with: farm worker --db jdbc:h2:tcp://localhost:"), serve.toString());
        assertTrue(serve.out().contains("nightly runs: 0/2 * * * * ?"), serve.toString());

        var runs = farm.farm("runs");
        assertTrue(runs.out().lines().anyMatch(l -> l.matches("\\d+ +nightly .*FINISHED +1/1 +1 .*")), runs.toString());

        var bad = farm.farm("serve", "--nightly", "every night");
        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().startsWith("farm: --nightly: not a Quartz cron expression"), bad.toString());
    }

    /** The dashboard served by `farm serve`: read-only API, and a real rerun through the orchestrator with the token. */
    @Test
    void serveShowsTheDashboardAndRerunsThroughTheOrchestrator() throws Exception {
        FarmRunner farm = new FarmRunner(tmp.resolve("home"));
        byte[] hello = Fixtures.staticPie(tmp.resolve("build"), "hello", Fixtures.HELLO);
        Path repo = tmp.resolve("apps.git");
        Fixtures.commitPrograms(repo, Fixtures.apps(hello, List.of("hello")), "one app");
        assertEquals(0, farm.farm("catalog", "add", "local", repo.toUri().toString()).exit());
        assertEquals(0, farm.farm("run", "--catalog", "local").exit());

        StringWriter out = new StringWriter();
        Thread serving = new Thread(() -> {
            var cl = Farm.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(new StringWriter(), true));
            cl.execute("--home", tmp.resolve("home").toString(), "serve", "--db-port", "0", "--port", "0",
                    "--token", "s3cret", "--stop-after", "25");
        });
        serving.start();
        Pattern dashboard = Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:\\d+/)");
        Matcher m = dashboard.matcher("");
        for (int i = 0; i < 200 && !(m = dashboard.matcher(out.toString())).find(); i++) Thread.sleep(100);
        assertTrue(m.find(0), out.toString());
        URI base = URI.create(m.group(1));
        HttpClient http = HttpClient.newHttpClient();

        var matrix = http.send(HttpRequest.newBuilder(base.resolve("api/matrix")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, matrix.statusCode());
        assertTrue(matrix.body().contains("hello"), matrix.body());

        HttpRequest.Builder post = HttpRequest.newBuilder(base.resolve("api/rerun"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("app=hello&catalog=local"));
        int refused = http.send(post.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        assertTrue(refused == 401 || refused == 403, "rerun without the token: " + refused);
        var accepted = http.send(post.header("Authorization", "Bearer s3cret").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, accepted.statusCode(), accepted.body());
        Matcher run = Pattern.compile("\"run\"\\s*:\\s*(\\d+)").matcher(accepted.body());
        assertTrue(run.find(), accepted.body());

        String runs = "";
        for (int i = 0; i < 150; i++) {
            runs = http.send(HttpRequest.newBuilder(base.resolve("api/runs")).build(), HttpResponse.BodyHandlers.ofString()).body();
            if (runs.contains("rerun") && runs.contains("FINISHED") && runs.indexOf("RUNNING") < 0) break;
            Thread.sleep(100);
        }
        assertTrue(runs.contains("rerun"), runs);
        serving.join();
        var listed = farm.farm("runs");
        assertTrue(listed.out().lines().anyMatch(l -> l.matches(run.group(1) + " +rerun .*FINISHED +1/1 +1 .*")), listed.toString());
    }
}
