package dev.binfarm.catalog.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads a spec file ({@code binfarm.yaml} or a shipped one):
 * <pre>
 * apps:
 *   sqlite3:
 *     argv: [/usr/bin/sqlite3, /chinook.db, "select count(*) from Album;"]
 *     expect: {exit: 0, stdout: {equals: "347\n"}}
 * </pre>
 * Works on the YAML node tree (not plain maps) so every error can name the
 * file, the line and the dotted field. Never throws anything but
 * {@link SpecException}, whatever the input.
 */
public final class SpecLoader {
    static final Set<String> TOP_KEYS = Set.of("version", "apps");
    static final Set<String> APP_KEYS = Set.of("elf", "argv", "env", "cwd", "stdin", "timeout", "expect", "probes", "tags");
    static final Set<String> STDIN_KEYS = Set.of("text", "file");
    static final Set<String> EXPECT_KEYS = Set.of("exit", "stdout", "stderr", "files");
    static final Set<String> CHECK_KEYS = Set.of("equals", "contains", "regex");
    static final Set<String> FILE_KEYS = Set.of("path", "exists", "starts_with_hex", "equals", "contains", "regex");
    static final Set<String> PROBE_KINDS = Set.of("tcp", "http", "redis");
    static final Set<String> TCP_KEYS = Set.of("port");
    static final Set<String> HTTP_KEYS = Set.of("port", "method", "path", "status", "body_contains");
    static final Set<String> REDIS_KEYS = Set.of("port", "send", "expect");
    static final Pattern DURATION = Pattern.compile("(\\d{1,7})(ms|s|m)?");
    static final Pattern HEX = Pattern.compile("([0-9a-fA-F]{2})+");
    static final Pattern APP_NAME = Pattern.compile("[A-Za-z0-9._+-]+(/[A-Za-z0-9._+-]+)*");

    private final String file;

    private SpecLoader(String file) { this.file = file; }

    /** The specs in {@code text}, by app name, in file order; {@code file} names the file in errors. */
    public static Map<String, Spec> parse(String file, String text) throws SpecException {
        try {
            return new SpecLoader(file).load(text);
        } catch (SpecException e) {
            throw e;
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(1);
            throw new SpecException(file, line, "", "invalid YAML: " + firstLine(e.getProblem() != null ? e.getProblem() : e.getMessage()));
        } catch (RuntimeException | StackOverflowError e) {
            // snakeyaml's other failures (limits, bad characters) carry no mark.
            throw new SpecException(file, 1, "", "invalid YAML: " + firstLine(String.valueOf(e.getMessage())));
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    private Map<String, Spec> load(String text) throws SpecException {
        LoadSettings settings = LoadSettings.builder().setLabel(file).setMaxAliasesForCollections(20)
                .setCodePointLimit(1 << 20).build();
        Optional<Node> root = new Compose(settings).composeString(text);
        Map<String, Spec> specs = new LinkedHashMap<>();
        if (root.isEmpty()) return specs;
        Map<String, Node> top = mapping(root.get(), "", TOP_KEYS);
        if (top.containsKey("version")) {
            int v = integer(top.get("version"), "version", 1, 1000);
            if (v != 1) throw error(top.get("version"), "version", "unsupported version " + v + " (this binfarm reads version 1)");
        }
        Node apps = top.get("apps");
        if (apps == null) return specs;
        for (Map.Entry<String, Node> e : mapping(apps, "apps", null).entrySet()) {
            String name = e.getKey();
            String field = "apps." + name;
            if (!APP_NAME.matcher(name).matches()) throw error(e.getValue(), field, "app name '" + name + "' is not a catalog folder name");
            specs.put(name, app(e.getValue(), field, file + ":" + keyLines.get(e.getValue())));
        }
        return specs;
    }

    // Line of the key that introduced a value node, for spec sources ("binfarm.yaml:7").
    private final Map<Node, Integer> keyLines = new java.util.IdentityHashMap<>();

    private Spec app(Node node, String field, String source) throws SpecException {
        Map<String, Node> m = mapping(node, field, APP_KEYS);
        String elf = m.containsKey("elf") ? absolutePath(m.get("elf"), field + ".elf") : null;
        List<String> argv = List.of();
        if (m.containsKey("argv")) {
            argv = strings(m.get("argv"), field + ".argv", false);
            if (argv.isEmpty()) throw error(m.get("argv"), field + ".argv", "must name at least the program");
            if (!argv.get(0).startsWith("/"))
                throw error(m.get("argv"), field + ".argv", "argv[0] '" + argv.get(0) + "' must be an absolute path inside the app's filesystem");
        }
        Map<String, String> env = new LinkedHashMap<>();
        if (m.containsKey("env")) {
            for (Map.Entry<String, Node> e : mapping(m.get("env"), field + ".env", null).entrySet()) {
                if (e.getKey().isEmpty() || e.getKey().contains("="))
                    throw error(e.getValue(), field + ".env", "'" + e.getKey() + "' is not a variable name");
                env.put(e.getKey(), string(e.getValue(), field + ".env." + e.getKey()));
            }
        }
        String cwd = m.containsKey("cwd") ? absolutePath(m.get("cwd"), field + ".cwd") : "/";
        Stdin stdin = m.containsKey("stdin") ? stdin(m.get("stdin"), field + ".stdin") : Stdin.EMPTY;
        Duration timeout = m.containsKey("timeout") ? duration(m.get("timeout"), field + ".timeout") : Spec.DEFAULT_TIMEOUT;
        Expectation expect = m.containsKey("expect") ? expectation(m.get("expect"), field + ".expect") : Expectation.NO_CRASH;
        List<Probe> probes = m.containsKey("probes") ? probes(m.get("probes"), field + ".probes") : List.of();
        List<String> tags = m.containsKey("tags") ? strings(m.get("tags"), field + ".tags", false) : List.of();
        return new Spec(elf, argv, env, cwd, stdin, timeout, expect, probes, tags, source);
    }

    private Stdin stdin(Node node, String field) throws SpecException {
        if (node instanceof ScalarNode) return Stdin.text(string(node, field));
        Map<String, Node> m = mapping(node, field, STDIN_KEYS);
        if (m.size() != 1) throw error(node, field, "give exactly one of 'text' or 'file'");
        if (m.containsKey("text")) return Stdin.text(string(m.get("text"), field + ".text"));
        return Stdin.file(absolutePath(m.get("file"), field + ".file"));
    }

    private Expectation expectation(Node node, String field) throws SpecException {
        Map<String, Node> m = mapping(node, field, EXPECT_KEYS);
        Integer exit = null;
        if (m.containsKey("exit")) {
            Node n = m.get("exit");
            if (n instanceof ScalarNode s && s.getTag().equals(Tag.STR) && s.getValue().equals("any")) exit = null;
            else exit = integer(n, field + ".exit", 0, 255);
        }
        OutputCheck stdout = m.containsKey("stdout") ? check(m.get("stdout"), field + ".stdout") : null;
        OutputCheck stderr = m.containsKey("stderr") ? check(m.get("stderr"), field + ".stderr") : null;
        List<FileCheck> files = new ArrayList<>();
        if (m.containsKey("files")) {
            List<Node> items = sequence(m.get("files"), field + ".files");
            for (int i = 0; i < items.size(); i++) files.add(fileCheck(items.get(i), field + ".files[" + i + "]"));
        }
        return new Expectation(exit, stdout, stderr, files);
    }

    private OutputCheck check(Node node, String field) throws SpecException {
        Map<String, Node> m = mapping(node, field, CHECK_KEYS);
        if (m.isEmpty()) throw error(node, field, "give at least one of equals, contains, regex");
        return checkOf(m, field);
    }

    private OutputCheck checkOf(Map<String, Node> m, String field) throws SpecException {
        String equals = m.containsKey("equals") ? string(m.get("equals"), field + ".equals") : null;
        List<String> contains = m.containsKey("contains") ? strings(m.get("contains"), field + ".contains", true) : List.of();
        Pattern regex = null;
        if (m.containsKey("regex")) {
            String r = string(m.get("regex"), field + ".regex");
            try {
                regex = Pattern.compile(r, Pattern.MULTILINE);
            } catch (PatternSyntaxException e) {
                throw error(m.get("regex"), field + ".regex", "bad regular expression: " + e.getDescription());
            }
        }
        return new OutputCheck(equals, contains, regex);
    }

    private FileCheck fileCheck(Node node, String field) throws SpecException {
        Map<String, Node> m = mapping(node, field, FILE_KEYS);
        if (!m.containsKey("path")) throw error(node, field, "missing key 'path'");
        String path = absolutePath(m.get("path"), field + ".path");
        boolean exists = !m.containsKey("exists") || bool(m.get("exists"), field + ".exists");
        String hex = null;
        if (m.containsKey("starts_with_hex")) {
            hex = string(m.get("starts_with_hex"), field + ".starts_with_hex");
            if (!HEX.matcher(hex).matches()) throw error(m.get("starts_with_hex"), field + ".starts_with_hex", "'" + hex + "' is not an even number of hex digits");
            hex = hex.toLowerCase(java.util.Locale.ROOT);
        }
        Map<String, Node> content = new LinkedHashMap<>(m);
        content.keySet().retainAll(CHECK_KEYS);
        OutputCheck check = content.isEmpty() ? null : checkOf(content, field);
        if (!exists && (hex != null || check != null)) throw error(node, field, "a file that must not exist has no content to check");
        return new FileCheck(path, exists, hex, check);
    }

    private List<Probe> probes(Node node, String field) throws SpecException {
        List<Probe> probes = new ArrayList<>();
        List<Node> items = sequence(node, field);
        for (int i = 0; i < items.size(); i++) {
            String f = field + "[" + i + "]";
            Map<String, Node> m = mapping(items.get(i), f, PROBE_KINDS);
            if (m.size() != 1) throw error(items.get(i), f, "a probe is one of tcp, http, redis");
            Map.Entry<String, Node> e = m.entrySet().iterator().next();
            String pf = f + "." + e.getKey();
            switch (e.getKey()) {
                case "tcp" -> {
                    Map<String, Node> p = mapping(e.getValue(), pf, TCP_KEYS);
                    probes.add(new TcpProbe(port(p, e.getValue(), pf)));
                }
                case "http" -> {
                    Map<String, Node> p = mapping(e.getValue(), pf, HTTP_KEYS);
                    String method = p.containsKey("method") ? string(p.get("method"), pf + ".method") : "GET";
                    if (!method.matches("[A-Z]{3,10}")) throw error(p.get("method"), pf + ".method", "'" + method + "' is not an HTTP method");
                    String path = p.containsKey("path") ? absolutePath(p.get("path"), pf + ".path") : "/";
                    int status = p.containsKey("status") ? integer(p.get("status"), pf + ".status", 100, 599) : 200;
                    String body = p.containsKey("body_contains") ? string(p.get("body_contains"), pf + ".body_contains") : null;
                    probes.add(new HttpProbe(port(p, e.getValue(), pf), method, path, status, body));
                }
                default -> {
                    Map<String, Node> p = mapping(e.getValue(), pf, REDIS_KEYS);
                    for (String k : List.of("send", "expect"))
                        if (!p.containsKey(k)) throw error(e.getValue(), pf, "missing key '" + k + "'");
                    probes.add(new RedisProbe(port(p, e.getValue(), pf), strings(p.get("send"), pf + ".send", true),
                            strings(p.get("expect"), pf + ".expect", true)));
                }
            }
        }
        return probes;
    }

    private int port(Map<String, Node> m, Node owner, String field) throws SpecException {
        if (!m.containsKey("port")) throw error(owner, field, "missing key 'port'");
        return integer(m.get("port"), field + ".port", 1, 65535);
    }

    // ---- node helpers: each checks the node's shape and names the field when it is wrong

    /** Keys to values; {@code allowed} null means any key. */
    private Map<String, Node> mapping(Node node, String field, Set<String> allowed) throws SpecException {
        if (!(node instanceof MappingNode mn)) throw error(node, field, "expected a mapping (key: value), found " + shape(node));
        Map<String, Node> m = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : mn.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k) || k.getTag().equals(Tag.NULL))
                throw error(t.getKeyNode(), field, "keys must be plain names, found " + shape(t.getKeyNode()));
            String key = k.getValue();
            if (allowed != null && !allowed.contains(key))
                throw error(k, field, "unknown key '" + key + "'" + suggestion(key, allowed));
            if (!seen.add(key)) throw error(k, field, "duplicate key '" + key + "'");
            keyLines.put(t.getValueNode(), line(k));
            m.put(key, t.getValueNode());
        }
        return m;
    }

    private List<Node> sequence(Node node, String field) throws SpecException {
        if (!(node instanceof SequenceNode sn)) throw error(node, field, "expected a list, found " + shape(node));
        return sn.getValue();
    }

    private String string(Node node, String field) throws SpecException {
        if (!(node instanceof ScalarNode s) || s.getTag().equals(Tag.NULL))
            throw error(node, field, "expected a text value, found " + shape(node));
        return s.getValue();
    }

    /** A list of texts; {@code scalarOk} also accepts one text as a one-element list. */
    private List<String> strings(Node node, String field, boolean scalarOk) throws SpecException {
        if (scalarOk && node instanceof ScalarNode) return List.of(string(node, field));
        List<Node> items = sequence(node, field);
        List<String> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) out.add(string(items.get(i), field + "[" + i + "]"));
        return out;
    }

    private int integer(Node node, String field, int min, int max) throws SpecException {
        if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.INT) || !s.getValue().matches("[0-9]{1,9}"))
            throw error(node, field, "expected a whole number from " + min + " to " + max + ", found " + shape(node));
        int v = Integer.parseInt(s.getValue());
        if (v < min || v > max) throw error(node, field, v + " is out of range " + min + ".." + max);
        return v;
    }

    private boolean bool(Node node, String field) throws SpecException {
        if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.BOOL))
            throw error(node, field, "expected true or false, found " + shape(node));
        return s.getValue().equalsIgnoreCase("true");
    }

    private String absolutePath(Node node, String field) throws SpecException {
        String p = string(node, field);
        if (!p.startsWith("/") || p.indexOf('\0') >= 0) throw error(node, field, "'" + p + "' must be an absolute path inside the app's filesystem");
        return p;
    }

    private Duration duration(Node node, String field) throws SpecException {
        String v = node instanceof ScalarNode s && !s.getTag().equals(Tag.NULL) ? s.getValue() : "";
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) throw error(node, field, "expected a duration such as 30, 30s, 500ms or 2m, found " + shape(node));
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.isZero() || d.compareTo(Duration.ofHours(24)) > 0) throw error(node, field, "must be more than 0 and at most 24h");
        return d;
    }

    private SpecException error(Node node, String field, String problem) {
        return new SpecException(file, line(node), field, problem);
    }

    private static int line(Node node) {
        return node.getStartMark().map(Mark::getLine).map(l -> l + 1).orElse(1);
    }

    private static String shape(Node node) {
        if (node instanceof MappingNode) return "a mapping";
        if (node instanceof SequenceNode) return "a list";
        if (node instanceof ScalarNode s) {
            if (s.getTag().equals(Tag.NULL)) return "nothing";
            String v = s.getValue();
            return "'" + (v.length() > 40 ? v.substring(0, 40) + "..." : v) + "'";
        }
        return "an unsupported node";
    }

    /** " (did you mean 'x'?)" for a near miss, else "" and the list of keys. */
    static String suggestion(String key, Set<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String a : allowed) {
            int d = distance(key, a);
            if (d < bestDistance || (d == bestDistance && a.compareTo(best) < 0)) { best = a; bestDistance = d; }
        }
        if (best != null && bestDistance <= Math.max(1, Math.min(2, key.length() / 3))) return " (did you mean '" + best + "'?)";
        return " (expected one of " + String.join(", ", allowed.stream().sorted().toList()) + ")";
    }

    /** Optimal string alignment distance: transpositions count once ("contians" is one step from "contains"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1))
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
        return d[a.length()][b.length()];
    }
}
