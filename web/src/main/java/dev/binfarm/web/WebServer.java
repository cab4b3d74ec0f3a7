package dev.binfarm.web;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.binfarm.results.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard's HTTP server (the JDK's HttpServer, one virtual thread per request).
 * Pages and API are read-only; the one mutation, {@code POST /api/rerun}, needs the serve
 * token: as {@code Authorization: Bearer} from API clients, or from a browser session that
 * presented it once, with the page's CSRF token on every post.
 */
public final class WebServer {
    private static final Pattern CELL = Pattern.compile("/(api/)?cells/(\\d+)(/latest|/(stdout|stderr|crash)\\.txt)?");
    private static final int MAX_FORM_BYTES = 16 * 1024;
    private static final String CSP = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final WebConfig config;
    private final Dashboard dashboard;
    private final Sessions sessions = new Sessions();
    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] css;

    static {
        // Headers and body go out in separate writes; with Nagle on, a small answer waits for
        // the client's delayed ACK (~40 ms). Read once by the JDK when its first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private WebServer(WebConfig config) throws IOException {
        this.config = config;
        this.dashboard = new Dashboard(config.db());
        try (InputStream in = WebServer.class.getResourceAsStream("static/style.css")) {
            this.css = in == null ? new byte[0] : in.readAllBytes();
        }
        this.server = HttpServer.create(new InetSocketAddress(config.port()), 64);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Starts serving on {@code config.port()} (all interfaces); {@link #port()} tells the bound port. */
    public static WebServer start(WebConfig config) {
        try {
            WebServer s = new WebServer(config);
            s.server.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the dashboard on port " + config.port() + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
        executor.close();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Headers h = ex.getResponseHeaders();
            h.set("X-Content-Type-Options", "nosniff");
            h.set("X-Frame-Options", "DENY");
            h.set("Referrer-Policy", "no-referrer");
            h.set("Cache-Control", "no-store");
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            try {
                if (path.equals("/api/rerun")) {
                    if (!method.equals("POST")) send(ex, 405, "application/json", Api.json(Api.error("POST only")));
                    else rerun(ex);
                    return;
                }
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    send(ex, 405, "text/plain; charset=utf-8", "read-only: GET only\n");
                    return;
                }
                route(ex, path);
            } catch (RuntimeException e) {
                boolean api = path.startsWith("/api/");
                String message = "internal error: " + e.getMessage();
                if (api) send(ex, 500, "application/json", Api.json(Api.error(message)));
                else send(ex, 500, "text/html; charset=utf-8", Html.page("Error", "", "<p>" + Html.esc(message) + "</p>"));
            }
        }
    }

    private void route(HttpExchange ex, String path) throws IOException {
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        switch (path) {
            case "/" -> redirect(ex, "/matrix");
            case "/static/style.css" -> send(ex, 200, "text/css; charset=utf-8", css);
            case "/matrix" -> html(ex, MatrixPage.render(dashboard.matrix(filter(q))));
            case "/api/matrix" -> json(ex, 200, Api.matrix(dashboard.matrix(filter(q))));
            case "/syscalls" -> html(ex, SyscallsPage.render(dashboard.syscalls()));
            case "/api/syscalls" -> json(ex, 200, Api.syscalls(dashboard.syscalls()));
            case "/runs" -> html(ex, RunsPage.render(dashboard.runs()));
            case "/api/runs" -> json(ex, 200, Api.runs(dashboard.runs()));
            case "/workers" -> html(ex, WorkersPage.render(config.workers().snapshot(), Instant.now(), dashboard.activeRuns()));
            case "/api/workers" -> json(ex, 200, Api.workers(config.workers().snapshot(), dashboard.activeRuns()));
            default -> {
                Matcher m = CELL.matcher(path);
                if (m.matches()) cell(ex, m.group(1) != null, Long.parseLong(m.group(2)), m.group(3), m.group(4), q);
                else notFound(ex, path.startsWith("/api/"));
            }
        }
    }

    private void cell(HttpExchange ex, boolean api, long id, String suffix, String stream, Map<String, String> q) throws IOException {
        if (api && suffix != null) {
            notFound(ex, true);
            return;
        }
        if (stream != null) {
            Optional<Result> r = config.db().results().get(id);
            if (r.isEmpty()) {
                notFound(ex, false);
                return;
            }
            String text = switch (stream) {
                case "stdout" -> r.get().stdout();
                case "stderr" -> r.get().stderr();
                default -> r.get().crash();
            };
            // Served as an attachment in text/plain: guest bytes never render as a page.
            ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"result-" + id + "-" + stream + ".txt\"");
            send(ex, 200, "text/plain; charset=utf-8", text == null ? "" : text);
            return;
        }
        Optional<Dashboard.CellView> v = dashboard.cell(id);
        if (v.isEmpty()) {
            notFound(ex, api);
            return;
        }
        if (api) {
            json(ex, 200, Api.cell(v.get()));
            return;
        }
        if ("/latest".equals(suffix)) {
            String rerun = q.get("rerun");
            redirect(ex, "/cells/" + v.get().latestResult() + (rerun != null && rerun.matches("\\d+") ? "?rerun=" + rerun : ""));
            return;
        }
        String session = session(ex);
        String rerun = q.get("rerun");
        Long rerunRun = rerun != null && rerun.matches("\\d{1,18}") ? Long.valueOf(rerun) : null;
        html(ex, CellPage.render(v.get(), sessions.csrf(session), sessions.authorized(session), rerunEnabled(), rerunRun));
    }

    private boolean rerunEnabled() {
        return config.token() != null && !config.token().isBlank();
    }

    /**
     * Bearer token: API mode, JSON answer. Otherwise a browser form: CSRF must match the
     * session, and the session must be authorized (or authorize itself with the token field).
     */
    private void rerun(HttpExchange ex) throws IOException {
        if (!rerunEnabled()) {
            json(ex, 403, Api.error("reruns are disabled: farm serve has no token"));
            return;
        }
        Map<String, String> form = form(ex);
        if (form == null) {
            json(ex, 400, Api.error("expected an application/x-www-form-urlencoded body under " + MAX_FORM_BYTES + " bytes"));
            return;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        boolean api = auth != null;
        if (api) {
            if (!auth.startsWith("Bearer ") || !Sessions.same(config.token(), auth.substring(7).strip())) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"binfarm\"");
                json(ex, 401, Api.error("wrong or missing token"));
                return;
            }
        } else {
            String session = cookie(ex);
            if (!sessions.validCsrf(session, form.get("csrf"))) {
                json(ex, 403, Api.error("missing or wrong CSRF token: rerun from the cell page, or use a bearer token"));
                return;
            }
            if (!sessions.authorized(session)) {
                if (!Sessions.same(config.token(), form.getOrDefault("token", ""))) {
                    html(ex, 401, Html.page("Rerun refused", "", "<p id=\"refused\">Wrong or missing token; nothing was started.</p>"));
                    return;
                }
                sessions.authorize(session);
            }
        }
        String app = Dashboard.blankToNull(form.get("app"));
        if (app == null) {
            json(ex, 400, Api.error("field app is required"));
            return;
        }
        RerunRequest request = new RerunRequest(Dashboard.blankToNull(form.get("catalog")), app,
                Dashboard.blankToNull(form.get("runtime")), Dashboard.blankToNull(form.get("profile")));
        long run;
        try {
            run = config.rerun().rerun(request);
        } catch (IllegalArgumentException e) {
            json(ex, 404, Api.error(e.getMessage()));
            return;
        }
        String back = form.get("back");
        if (!api && back != null && back.matches("\\d{1,18}")) redirect(ex, "/cells/" + back + "/latest?rerun=" + run);
        else json(ex, 202, Api.obj("run", run));
    }

    // ---- plumbing ------------------------------------------------------------------------------

    private static Dashboard.Filter filter(Map<String, String> q) {
        return Dashboard.Filter.of(q.get("catalog"), q.get("status"), q.get("runtime"));
    }

    /** The browser's session id, issuing a new cookie when it has none. */
    private String session(HttpExchange ex) {
        String s = cookie(ex);
        if (s != null) return s;
        s = sessions.newSession();
        ex.getResponseHeaders().add("Set-Cookie", Sessions.COOKIE + "=" + s + "; Path=/; HttpOnly; SameSite=Strict");
        return s;
    }

    private static String cookie(HttpExchange ex) {
        for (String header : ex.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
            for (String part : header.split(";")) {
                String p = part.strip();
                if (p.startsWith(Sessions.COOKIE + "=")) {
                    String v = p.substring(Sessions.COOKIE.length() + 1);
                    if (v.matches("[A-Za-z0-9_-]{10,64}")) return v;
                }
            }
        }
        return null;
    }

    private static Map<String, String> form(HttpExchange ex) throws IOException {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) return null;
        byte[] body = ex.getRequestBody().readNBytes(MAX_FORM_BYTES + 1);
        if (body.length > MAX_FORM_BYTES) return null;
        return query(new String(body, StandardCharsets.UTF_8));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformed) {
                // a broken escape drops that pair only
            }
        }
        return out;
    }

    private static void notFound(HttpExchange ex, boolean api) throws IOException {
        if (api) send(ex, 404, "application/json", Api.json(Api.error("not found")));
        else send(ex, 404, "text/html; charset=utf-8", Html.page("Not found", "", "<p>No such page.</p>"));
    }

    private static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(303, -1);
    }

    private static void html(HttpExchange ex, String page) throws IOException {
        html(ex, 200, page);
    }

    private static void html(HttpExchange ex, int status, String page) throws IOException {
        ex.getResponseHeaders().set("Content-Security-Policy", CSP);
        send(ex, status, "text/html; charset=utf-8", page);
    }

    private static void json(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json", Api.json(body));
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
