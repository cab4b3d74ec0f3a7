package dev.binfarm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API and the pages over HTTP, against a real store filled through the DAOs. */
class WebApiTest {
    static final String TOKEN = "s3cret-token";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir static Path dir;
    static Farm farm;
    static Scenario s;
    static RecordingRerun rerun;
    static WebServer server;

    @BeforeAll
    static void start() {
        farm = new Farm(dir);
        s = new Scenario(farm);
        rerun = new RecordingRerun(farm, s.elfloader, s.all);
        server = WebServer.start(new WebConfig(0, farm.db, rerun, TOKEN, WorkersView.none()));
    }

    @AfterAll
    static void stop() {
        server.stop();
        farm.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode api(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return JSON.readTree(r.body());
    }

    static URI uri(String path) {
        return URI.create("http://localhost:" + server.port() + path);
    }

    static JsonNode row(JsonNode matrix, String app) {
        for (JsonNode r : matrix.get("rows")) if (r.get("app").asText().equals(app)) return r;
        return null;
    }

    static List<String> columns(JsonNode matrix) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : matrix.get("columns")) out.add(c.get("runtime").asText() + "/" + c.get("profile").asText());
        return out;
    }

    @Test
    void matrixShowsTheLatestStatusPerCellWithRegressionAndFixMarks() throws Exception {
        JsonNode m = api("/api/matrix");
        List<String> cols = columns(m);
        assertEquals(List.of("elfloader/all", "elfloader/unikraft", "qemu-x86_64/all"), cols);
        assertEquals(6, m.get("rows").size());
        JsonNode hello = row(m, "hello").get("cells");
        assertEquals("FAIL", hello.get(0).get("status").asText());
        assertEquals(s.helloRegressed.id(), hello.get(0).get("result").asLong());
        assertEquals("regression", hello.get(0).get("mark").asText());
        assertTrue(hello.get(1).get("mark").isNull(), "PASS then PASS is no mark");
        assertEquals("PASS", hello.get(2).get("status").asText(), "qemu column keeps its run-1 result");
        assertEquals(s.run1.id(), hello.get(2).get("run").asLong());
        JsonNode sqlite = row(m, "sqlite3").get("cells");
        assertEquals("fixed", sqlite.get(0).get("mark").asText());
        assertTrue(sqlite.get(2).isNull(), "sqlite3 never ran on qemu");
        assertEquals("extra", row(m, "redis").get("catalog").asText());
        JsonNode nginx = row(m, "nginx").get("cells");
        assertEquals("broken", nginx.get(0).get("mark").asText(), "worse, but the reference fails it too: not a regression");
    }

    @Test
    void matrixFiltersByCatalogStatusAndRuntime() throws Exception {
        JsonNode extra = api("/api/matrix?catalog=extra");
        assertEquals(2, extra.get("rows").size());
        assertEquals("redis", extra.get("rows").get(1).get("app").asText());

        JsonNode regressions = api("/api/matrix?status=regression");
        List<String> regressed = new ArrayList<>();
        for (JsonNode r : regressions.get("rows")) regressed.add(r.get("app").asText());
        assertEquals(List.of("hello", "xss"), regressed);

        JsonNode failing = api("/api/matrix?status=FAIL&catalog=core");
        List<String> apps = new ArrayList<>();
        for (JsonNode r : failing.get("rows")) apps.add(r.get("app").asText());
        assertEquals(List.of("hello", "xss"), apps);

        JsonNode qemu = api("/api/matrix?runtime=qemu-x86_64");
        assertEquals(List.of("qemu-x86_64/all"), columns(qemu));
        assertEquals(2, qemu.get("rows").size(), "hello and grep ran on qemu");

        String page = get("/matrix?status=fixed").body();
        assertTrue(page.contains("data-app=\"sqlite3\""), page);
        assertFalse(page.contains("data-app=\"hello\""));

        String broken = get("/matrix?status=broken").body();
        assertTrue(broken.contains("data-app=\"nginx\"") && broken.contains("class=\"mark broken\""), broken);
        assertFalse(broken.contains("data-app=\"hello\""));
    }

    @Test
    void cellApiCarriesHistorySyscallsAndThePreviousResult() throws Exception {
        JsonNode c = api("/api/cells/" + s.helloRegressed.id());
        assertEquals("hello", c.get("app").asText());
        assertEquals("core", c.get("catalog").asText());
        assertEquals("FAIL", c.get("status").asText());
        assertEquals("/usr/bin/hello", c.get("argv").get(0).asText());
        assertEquals(2, c.get("history").size());
        assertEquals(s.run1.id(), c.get("history").get(1).get("run").asLong());
        assertFalse(c.get("previous").isNull());
        JsonNode io = c.get("syscalls").get(1);
        assertEquals("io_uring_setup", io.get("name").asText());
        assertTrue(io.get("deniedByProfile").asBoolean());
        assertEquals(1, io.get("errnos").get("ENOSYS").asLong());
        assertEquals(404, get("/api/cells/999999").statusCode());
    }

    @Test
    void cellPageShowsDiffSparklineAndSyscallTable() throws Exception {
        String page = get("/cells/" + s.helloRegressed.id()).body();
        assertTrue(page.contains("<ins>+ world</ins>"), "diff shows the added line");
        assertTrue(page.contains("<svg class=\"sparkline\""));
        assertTrue(page.contains("data-count=\"2\""));
        assertTrue(page.contains("<td>io_uring_setup</td>"));
        assertTrue(page.contains("name=\"csrf\""));
    }

    @Test
    void guestOutputIsEscapedEverywhere() throws Exception {
        HttpResponse<String> r = get("/cells/" + s.xss.id());
        assertFalse(r.body().contains("<script>"), "no raw script tag in the page");
        assertTrue(r.body().contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; &amp;lt;b&amp;gt; &quot;q&quot; &#39;q&#39;"));
        assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
        HttpResponse<String> raw = get("/cells/" + s.xss.id() + "/stdout.txt");
        assertTrue(raw.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertTrue(raw.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"));
        assertEquals(Scenario.XSS + "\n", raw.body());
        assertEquals(Scenario.XSS + "\n", api("/api/cells/" + s.xss.id()).get("stdout").asText(), "JSON keeps the text as is");
    }

    @Test
    void runsCarryCountsAndChangedInputs() throws Exception {
        JsonNode runs = api("/api/runs");
        JsonNode newest = runs.get(0);
        assertTrue(newest.get("id").asLong() >= s.run2.id());
        JsonNode r2 = null, r1 = null;
        for (JsonNode r : runs) {
            if (r.get("id").asLong() == s.run2.id()) r2 = r;
            if (r.get("id").asLong() == s.run1.id()) r1 = r;
        }
        assertEquals(4, r2.get("counts").get("PASS").asInt());
        assertEquals(4, r2.get("counts").get("FAIL").asInt());
        assertEquals(6, r1.get("counts").get("PASS").asInt());
        assertEquals(2, r1.get("counts").get("FAIL").asInt());
        String changes = r2.get("changes").toString();
        assertTrue(changes.contains("catalog core 1111aaaa2222 \u2192 3333cccc4444"), changes);
        assertFalse(changes.contains("extra"), "extra did not change: " + changes);
        String page = get("/runs").body();
        assertTrue(page.contains("<polyline class=\"pass\""));
        assertTrue(page.contains("id=\"run-" + s.run2.id() + "\""));
    }

    @Test
    void syscallsRankWhatBlocksTheMostApps() throws Exception {
        JsonNode sc = api("/api/syscalls");
        JsonNode first = sc.get("next").get(0);
        assertEquals("io_uring_setup", first.get("syscall").asText());
        assertEquals(2, first.get("blockedApps").asInt(), "hello (elfloader/all) and redis");
        boolean epoll = false;
        for (JsonNode n : sc.get("next")) {
            if (n.get("syscall").asText().equals("epoll_pwait2")) epoll = n.get("blockedApps").asInt() == 1;
            assertFalse(n.get("syscall").asText().equals("clone3"), "sqlite3 passes now: its old ENOSYS blocks nothing");
        }
        assertTrue(epoll);
        JsonNode redis = null;
        for (JsonNode a : sc.get("apps")) if (a.get("app").asText().equals("redis")) redis = a;
        assertEquals("denied", redis.get("syscalls").get("io_uring_setup").asText());
        assertEquals("failing", redis.get("syscalls").get("epoll_pwait2").asText());
        assertEquals("io_uring_setup", sc.get("syscalls").get(0).asText(), "used by the most apps first");
        JsonNode allProfile = sc.get("coverage").get(0);
        assertEquals("all", allProfile.get("profile").asText());
        assertEquals(1, allProfile.get("denied").asInt());
        assertTrue(get("/syscalls").body().contains("id=\"heatmap\""));
    }

    @Test
    void rerunWithoutOrWithAWrongTokenIsRefusedAndChangesNothing() throws Exception {
        long results = farm.count("result"), runs = farm.count("run");
        int calls = rerun.calls.size();
        String form = "app=hello&catalog=core";
        HttpRequest.Builder post = HttpRequest.newBuilder(uri("/api/rerun"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        assertEquals(403, HTTP.send(post.build(), HttpResponse.BodyHandlers.ofString()).statusCode(), "no token, no CSRF");
        HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(uri("/api/rerun"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Bearer nope")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, wrong.statusCode());
        // A browser session with a valid CSRF token still needs the serve token.
        HttpResponse<String> page = get("/cells/" + s.grepQemu.id());
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = page.body().replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        HttpResponse<String> noToken = HTTP.send(HttpRequest.newBuilder(uri("/api/rerun")).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form + "&csrf=" + csrf + "&token=wrong")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, noToken.statusCode());
        HttpResponse<String> badCsrf = HTTP.send(HttpRequest.newBuilder(uri("/api/rerun")).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form + "&csrf=x" + csrf + "&token=" + TOKEN)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, badCsrf.statusCode());
        assertEquals(405, get("/api/rerun").statusCode());
        assertEquals(results, farm.count("result"));
        assertEquals(runs, farm.count("run"));
        assertEquals(calls, rerun.calls.size());
    }

    @Test
    void rerunWithTheBearerTokenStartsARun() throws Exception {
        long results = farm.count("result");
        HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(uri("/api/rerun"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("app=grep&catalog=core&runtime=elfloader")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, ok.statusCode(), ok.body());
        long run = JSON.readTree(ok.body()).get("run").asLong();
        assertTrue(farm.db.runs().get(run).isPresent());
        assertEquals(results + 1, farm.count("result"));
        RerunRequest last = rerun.calls.getLast();
        assertEquals(new RerunRequest("core", "grep", "elfloader", null), last);
        HttpResponse<String> missing = HTTP.send(HttpRequest.newBuilder(uri("/api/rerun"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("runtime=elfloader")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, missing.statusCode());
    }

    @Test
    void workersListRunsInProgress() throws Exception {
        dev.binfarm.results.Run running = farm.db.runs().create(dev.binfarm.results.Trigger.MANUAL, "0.1.0-test");
        try {
            JsonNode active = api("/api/workers").get("activeRuns");
            assertEquals(1, active.size());
            assertEquals(running.id(), active.get(0).get("id").asLong());
            assertTrue(get("/workers").body().contains("href=\"/runs#run-" + running.id() + "\""));
        } finally {
            farm.db.runs().finish(running.id(), dev.binfarm.results.RunStatus.ABORTED);
        }
    }

    @Test
    void pagesAreReadOnly() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/matrix")).POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, r.statusCode());
        assertEquals(303, get("/").statusCode());
        assertEquals(404, get("/nope").statusCode());
        assertEquals(200, get("/workers").statusCode());
        JsonNode w = api("/api/workers");
        assertEquals(0, w.get("nodes").size());
        assertEquals(0, w.get("activeRuns").size(), "every scenario run is finished");
    }
}
