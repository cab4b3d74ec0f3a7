package dev.binfarm.emulator.dynamic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.GuestOutcome;
import dev.binfarm.emulator.corpus.Diff;
import dev.binfarm.emulator.corpus.NativeReference;
import dev.binfarm.emulator.corpus.RunResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance 3: dynamically linked Debian programs from the host, in a rootfs
 * built like the catalog importer's, each with a small workload: the emulator's
 * stdout, stderr and exit status equal the native run's in a chroot of the
 * same rootfs. The emulator runs first with a copy-on-write layer, so nothing
 * the native run writes can be seen by it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DebianProgramsTest {
    record Case(String name, List<String> argv, String stdin) {
        @Override public String toString() { return name; }
    }

    static final Map<String, String> ENV = new LinkedHashMap<>();
    static {
        ENV.put("PATH", "/usr/bin:/bin");
        ENV.put("HOME", "/tmp");
        ENV.put("LANG", "C");
        ENV.put("TZ", "UTC");
        ENV.put("PYTHONDONTWRITEBYTECODE", "1");
    }

    static final String TEXT = """
            the quick brown fox jumps over the lazy dog
            pack my box with five dozen liquor jugs
            how vexingly quick daft zebras jump
            the five boxing wizards jump quickly
            sphinx of black quartz, judge my vow
            """;
    static final String NUMBERS = "10 3.5\n2 7.25\n33 1\n2 7.25\n5 0.125\n";
    static final String PASSWD = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\n";

    static final String PERL = """
            use strict; use warnings;
            my %count;
            while (my $line = <STDIN>) {
                chomp $line;
                for my $w (split /\\W+/, lc $line) { $count{$w}++ if length $w; }
            }
            for my $w (sort { $count{$b} <=> $count{$a} || $a cmp $b } keys %count) {
                printf "%-8s %d\\n", $w, $count{$w} if $count{$w} > 1;
            }
            my $s = join ",", map { sprintf "%.3f", sqrt($_) } 1..5;
            (my $t = $s) =~ s/(\\d)\\.(\\d+)/$1:$2/g;
            print "$t\\n";
            """;

    static final String PYTHON = """
            import json, re, hashlib
            data = {"words": re.findall(r"\\b[a-z]{5}\\b", open("/in/text.txt").read()), "pi": 3.14159, "n": [1, 2, 3]}
            with open("/tmp/round.json", "w") as f:
                json.dump(data, f, sort_keys=True)
            with open("/tmp/round.json") as f:
                back = json.load(f)
            assert back == data
            print(json.dumps(back, sort_keys=True))
            print(hashlib.sha256(open("/tmp/round.json", "rb").read()).hexdigest())
            print(hashlib.md5(b"binfarm").hexdigest(), sum(x * x for x in range(1000)), 2 ** 100 // 7, 1 / 3)
            """;

    static List<Case> cases() {
        return List.of(
                new Case("sort", List.of("/usr/bin/sort", "-k2,2n", "-k1,1nr", "/in/numbers.txt"), null),
                new Case("wc", List.of("/usr/bin/wc", "/in/text.txt", "/in/numbers.txt"), null),
                new Case("cut", List.of("/usr/bin/cut", "-d:", "-f1,3,6", "/in/passwd.txt"), null),
                new Case("tr", List.of("/usr/bin/tr", "a-z", "A-Z"), TEXT),
                new Case("sha256sum", List.of("/usr/bin/sha256sum", "/in/text.txt", "/in/passwd.txt"), null),
                new Case("md5sum", List.of("/usr/bin/md5sum", "/in/text.txt"), null),
                new Case("base64", List.of("/usr/bin/base64", "-w", "40", "/in/text.txt"), null),
                new Case("seq", List.of("/usr/bin/seq", "-s", ",", "1", "3", "60"), null),
                new Case("head", List.of("/usr/bin/head", "-n", "2", "/in/text.txt"), null),
                new Case("tail", List.of("/usr/bin/tail", "-c", "40", "/in/text.txt"), null),
                new Case("uniq", List.of("/usr/bin/uniq", "-c"), "a\na\nb\nc\nc\nc\n"),
                new Case("od", List.of("/usr/bin/od", "-A", "x", "-t", "x1z", "-N", "48", "/in/text.txt"), null),
                new Case("mawk", List.of("/usr/bin/mawk", "{ s += $2; n[$1]++ } END { printf \"%.4f %d\\n\", s / NR, n[2] }",
                        "/in/numbers.txt"), null),
                new Case("diff", List.of("/usr/bin/diff", "/in/text.txt", "/in/text2.txt"), null),
                new Case("factor", List.of("/usr/bin/factor", "1234567890", "9999991", "600851475143"), null),
                new Case("tac", List.of("/usr/bin/tac", "/in/text.txt"), null),
                new Case("nl", List.of("/usr/bin/nl", "-ba", "/in/text.txt"), null),
                new Case("bzip2", List.of("/usr/bin/bzip2", "-c", "/in/text.txt"), null),
                new Case("xz", List.of("/usr/bin/xz", "-c", "-T1", "/in/text.txt"), null),
                new Case("tar", List.of("/usr/bin/tar", "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner",
                        "--mode=644", "-cf", "-", "-C", "/in", "text.txt"), null),
                new Case("perl", List.of("/usr/bin/perl", "/in/words.pl"), TEXT),
                new Case("python3", List.of("/usr/bin/python3", "-c", PYTHON), null));
    }

    Path root;

    @BeforeAll
    void rootfs() throws IOException {
        root = Files.createTempDirectory("debian-programs");
        HostRootfs r = new HostRootfs(root);
        for (Case c : cases()) r.program(c.argv().get(0));
        r.tree("/usr/lib/x86_64-linux-gnu/perl-base", p -> p.toString().matches(".*/(strict|warnings)\\.pm"));
        r.tree("/usr/lib/python3.11", p -> !p.toString().matches(".*/(test|tests|idlelib|tkinter|lib2to3|ensurepip|"
                + "pydoc_data|site-packages|dist-packages|__pycache__|config-[^/]*)/.*"));
        r.write("/in/text.txt", TEXT).write("/in/text2.txt", TEXT.replace("lazy", "sleepy").replace("sphinx", "sphynx"))
                .write("/in/numbers.txt", NUMBERS).write("/in/passwd.txt", PASSWD).write("/in/words.pl", PERL);
    }

    @AfterAll
    void clean() throws IOException {
        if (root == null) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameAsNative(Case c) {
        assumeTrue(NativeReference.confined(), "the native reference needs chroot");
        byte[] stdin = c.stdin() == null ? new byte[0] : c.stdin().getBytes(StandardCharsets.UTF_8);
        GuestOutcome emu = Guest.builder().rootfs(root).argv(c.argv()).env(ENV).stdin(stdin).writableRootfs(true)
                .timeout(Duration.ofSeconds(120)).build().run();
        RunResult nat = NativeReference.run(root, c.argv(), ENV, stdin, Duration.ofSeconds(30));
        String how = emu.exit() instanceof GuestExit.Exited ? "" : emu.exit().toString();
        assertNull(Diff.firstDifference(nat.stderr(), emu.stderr()), c + " stderr " + how);
        assertNull(Diff.firstDifference(nat.stdout(), emu.stdout()), c + " stdout " + how);
        assertEquals(nat.status(), emu.exit().status(), c + " status " + how);
        if (nat.status() == 0) assertEquals(true, nat.stdout().length > 0, c + ": the workload printed something");
    }
}
