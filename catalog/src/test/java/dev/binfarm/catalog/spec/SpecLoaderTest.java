package dev.binfarm.catalog.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecLoaderTest {
    static final String GOOD = """
            version: 1
            apps:
              sqlite3:
                argv: [/usr/bin/sqlite3, /chinook.db, "select count(*) from Album;"]
                env: {HOME: /root, LANG: C}
                cwd: /tmp
                timeout: 1500ms
                expect:
                  exit: 0
                  stdout: {equals: "347\\n"}
                  stderr: {contains: [warn, note], regex: "^ok$"}
                  files:
                    - {path: /out.gz, starts_with_hex: 1F8B}
                    - {path: /gone, exists: false}
                    - {path: /log.txt, contains: done}
                tags: [database]
              redis7:
                elf: /usr/bin/redis-server
                stdin: {file: /etc/input}
                timeout: 2m
                probes:
                  - tcp: {port: 6379}
                  - http: {port: 8080, path: /health, status: 204, body_contains: ok}
                  - redis: {port: 6379, send: [PING, "SET a 1"], expect: [+PONG, +OK]}
              bc:
                stdin: "2^100\\n"
                expect: {exit: any}
            """;

    /** The guest's environment comes in the spec's order, the same in every JVM (not Map.copyOf's, which is salted). */
    @Test
    void keepsTheOrderOfEnv() throws Exception {
        StringBuilder yaml = new StringBuilder("version: 1\napps:\n  printenv:\n    env:\n");
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String name = "V" + (char) ('Z' - i) + i;
            names.add(name);
            yaml.append("      ").append(name).append(": x\n");
        }
        Spec s = SpecLoader.parse("binfarm.yaml", yaml.toString()).get("printenv");
        assertEquals(names, List.copyOf(s.env().keySet()));
    }

    @Test
    void readsEveryField() throws Exception {
        Map<String, Spec> specs = SpecLoader.parse("binfarm.yaml", GOOD);
        assertEquals(List.of("sqlite3", "redis7", "bc"), List.copyOf(specs.keySet()));
        Spec s = specs.get("sqlite3");
        assertEquals("binfarm.yaml:3", s.source());
        assertEquals(List.of("/usr/bin/sqlite3", "/chinook.db", "select count(*) from Album;"), s.argv());
        assertEquals(Map.of("HOME", "/root", "LANG", "C"), s.env());
        assertEquals(List.of("HOME", "LANG"), List.copyOf(s.env().keySet()));
        assertEquals("/tmp", s.cwd());
        assertEquals(Duration.ofMillis(1500), s.timeout());
        assertEquals(0, s.expect().exit());
        assertEquals("347\n", s.expect().stdout().equals());
        assertEquals(List.of("warn", "note"), s.expect().stderr().contains());
        assertEquals(null, s.expect().stderr().mismatch("a warn\nok\nnote"));
        assertEquals("does not contain 'note'", s.expect().stderr().mismatch("warn\nok\n"));
        assertEquals(3, s.expect().files().size());
        FileCheck gz = s.expect().files().get(0);
        assertEquals("1f8b", gz.startsWithHex());
        assertNull(gz.mismatch(new byte[] {0x1f, (byte) 0x8b, 8}));
        assertEquals("does not start with bytes 1f8b", gz.mismatch(new byte[] {0x1f}));
        assertEquals(false, s.expect().files().get(1).exists());
        assertEquals(List.of("done"), s.expect().files().get(2).content().contains());
        assertEquals(List.of("database"), s.tags());
        assertEquals(Stdin.EMPTY, s.stdin());

        Spec r = specs.get("redis7");
        assertEquals("/usr/bin/redis-server", r.elf());
        assertEquals(Stdin.file("/etc/input"), r.stdin());
        assertEquals(Duration.ofMinutes(2), r.timeout());
        assertEquals(List.of(new TcpProbe(6379), new HttpProbe(8080, "GET", "/health", 204, "ok"),
                new RedisProbe(6379, List.of("PING", "SET a 1"), List.of("+PONG", "+OK"))), r.probes());
        assertTrue(r.isServer());

        Spec bc = specs.get("bc");
        assertEquals(Stdin.text("2^100\n"), bc.stdin());
        assertNull(bc.expect().exit());
        assertEquals(Spec.DEFAULT_TIMEOUT, bc.timeout());
    }

    @Test
    void emptyFileHasNoSpecs() throws Exception {
        assertEquals(Map.of(), SpecLoader.parse("binfarm.yaml", ""));
        assertEquals(Map.of(), SpecLoader.parse("binfarm.yaml", "# nothing yet\n"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            typo with suggestion   | apps:\\n  s:\\n    expect:\\n      stdout: {contians: x} | binfarm.yaml:4: apps.s.expect.stdout: unknown key 'contians' (did you mean 'contains'?)
            unknown app key        | apps:\\n  s:\\n    flavour: x                        | binfarm.yaml:3: apps.s: unknown key 'flavour' (expected one of argv, cwd, elf, env, expect, probes, stdin, tags, timeout)
            unknown top key        | app:\\n  s: {}                                      | binfarm.yaml:1: unknown key 'app' (did you mean 'apps'?)
            argv not a list        | apps:\\n  s:\\n    argv: /bin/ls                     | binfarm.yaml:3: apps.s.argv: expected a list, found '/bin/ls'
            relative argv0         | apps:\\n  s:\\n    argv: [ls, /]                     | binfarm.yaml:3: apps.s.argv: argv[0] 'ls' must be an absolute path inside the app's filesystem
            argv item a mapping    | apps:\\n  s:\\n    argv: [/bin/ls, {a: b}]           | binfarm.yaml:3: apps.s.argv[1]: expected a text value, found a mapping
            exit out of range      | apps:\\n  s:\\n    expect:\\n      exit: 300         | binfarm.yaml:4: apps.s.expect.exit: 300 is out of range 0..255
            exit not a number      | apps:\\n  s:\\n    expect:\\n      exit: zero        | binfarm.yaml:4: apps.s.expect.exit: expected a whole number from 0 to 255, found 'zero'
            bad timeout            | apps:\\n  s:\\n    timeout: soon                     | binfarm.yaml:3: apps.s.timeout: expected a duration such as 30, 30s, 500ms or 2m, found 'soon'
            zero timeout           | apps:\\n  s:\\n    timeout: 0s                       | binfarm.yaml:3: apps.s.timeout: must be more than 0 and at most 24h
            bad regex              | apps:\\n  s:\\n    expect:\\n      stdout:\\n        regex: "a("  | binfarm.yaml:5: apps.s.expect.stdout.regex: bad regular expression: Unclosed group
            empty check            | apps:\\n  s:\\n    expect:\\n      stdout: {}        | binfarm.yaml:4: apps.s.expect.stdout: give at least one of equals, contains, regex
            file without path      | apps:\\n  s:\\n    expect:\\n      files: [{exists: true}] | binfarm.yaml:4: apps.s.expect.files[0]: missing key 'path'
            bad hex                | apps:\\n  s:\\n    expect:\\n      files: [{path: /x, starts_with_hex: 1f8}] | binfarm.yaml:4: apps.s.expect.files[0].starts_with_hex: '1f8' is not an even number of hex digits
            probe kind             | apps:\\n  s:\\n    probes:\\n      - ftp: {port: 21}  | binfarm.yaml:4: apps.s.probes[0]: unknown key 'ftp' (expected one of http, redis, tcp)
            probe port range       | apps:\\n  s:\\n    probes:\\n      - tcp: {port: 70000} | binfarm.yaml:4: apps.s.probes[0].tcp.port: 70000 is out of range 1..65535
            redis without expect   | apps:\\n  s:\\n    probes:\\n      - redis: {port: 1, send: [PING]} | binfarm.yaml:4: apps.s.probes[0].redis: missing key 'expect'
            http method            | apps:\\n  s:\\n    probes:\\n      - http: {port: 1, method: get} | binfarm.yaml:4: apps.s.probes[0].http.method: 'get' is not an HTTP method
            duplicate key          | apps:\\n  s:\\n    cwd: /\\n    cwd: /tmp            | binfarm.yaml:4: apps.s: duplicate key 'cwd'
            stdin both             | apps:\\n  s:\\n    stdin: {text: a, file: /b}        | binfarm.yaml:3: apps.s.stdin: give exactly one of 'text' or 'file'
            env not mapping        | apps:\\n  s:\\n    env: [A=1]                        | binfarm.yaml:3: apps.s.env: expected a mapping (key: value), found a list
            bad version            | version: 2\\napps: {}                              | binfarm.yaml:1: version: unsupported version 2 (this binfarm reads version 1)
            bad app name           | apps:\\n  "a b": {}                                | binfarm.yaml:2: apps.a b: app name 'a b' is not a catalog folder name
            top not a mapping      | - a\\n- b                                          | binfarm.yaml:1: expected a mapping (key: value), found a list
            bad yaml               | apps:\\n  s: [unclosed                             | binfarm.yaml:2: invalid YAML:
            tab indentation        | apps:\\n\\ts: {}                                   | binfarm.yaml:2: invalid YAML:
            """)
    void errorsNameFileLineAndField(String what, String yaml, String expected) {
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.parse("binfarm.yaml", yaml.replace("\\n", "\n").replace("\\t", "\t")));
        assertTrue(e.getMessage().startsWith(expected), what + ": got  " + e.getMessage() + "\nwanted " + expected);
        assertTrue(e.line() >= 1);
    }

    @Test
    void shippedSpecsParseAndCoverTheUpstreamApps() {
        assertEquals(List.of("bc", "echo", "grep", "gzip", "ls", "redis7", "sed", "sqlite3"),
                List.copyOf(SpecBook.shipped("dynamic-apps").keySet()));
        assertEquals(List.of("bc", "gzip", "sqlite3"), List.copyOf(SpecBook.shipped("static-pie-apps").keySet()));
        assertTrue(SpecBook.shipped("dynamic-apps").get("redis7").probes().contains(
                new RedisProbe(6379, List.of("PING"), List.of("+PONG"))));
    }

    @Test
    void bookOrder() throws Exception {
        String yaml = "apps:\n  bc:\n    argv: [/usr/bin/bc, -l]\n";
        SpecBook book = SpecBook.of("mine", "file:///x/dynamic-apps.git", yaml);
        assertEquals("binfarm.yaml:2", book.resolve("bc", "/usr/bin/bc").source(), "the repo's own spec first");
        assertTrue(book.resolve("sed", "/usr/bin/sed").source().startsWith("builtin:dynamic-apps.yaml:"), "then the shipped one");
        Spec smoke = book.resolve("nothing", "/bin/nothing");
        assertEquals("default", smoke.source());
        assertEquals(List.of("/bin/nothing"), smoke.argv());
        assertEquals(Spec.smoke("/bin/nothing"), smoke);
        assertNull(SpecBook.of("other", "https://example.com/apps.git", null).written("sed"), "no shipped specs for unknown catalogs");
        assertEquals("static-pie-apps", SpecBook.upstreamOf("x", "https://github.com/unikraft/static-pie-apps/"));
    }

    @Test
    void suggestionDistance() {
        assertEquals(1, SpecLoader.distance("contians", "contains"));
        assertEquals(" (did you mean 'timeout'?)", SpecLoader.suggestion("timout", SpecLoader.APP_KEYS));
    }
}
