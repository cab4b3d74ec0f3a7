package dev.binfarm.web;

import static dev.binfarm.results.ResultStatus.FAIL;
import static dev.binfarm.results.ResultStatus.PASS;
import static dev.binfarm.web.Farm.denied;
import static dev.binfarm.web.Farm.failing;
import static dev.binfarm.web.Farm.used;

import dev.binfarm.results.Profile;
import dev.binfarm.results.Result;
import dev.binfarm.results.Run;
import dev.binfarm.results.RuntimeVersion;
import dev.binfarm.results.Trigger;
import java.util.List;

/**
 * Two nightly runs over two catalogs and three columns. Between them catalog core moves
 * to a new commit; hello regresses on the elfloader, sqlite3 gets fixed, xss prints markup,
 * and nginx breaks on the native reference too. The trends are the ones the orchestrator
 * records when a run ends.
 */
final class Scenario {
    static final String XSS = "<script>alert(1)</script> &amp; &lt;b&gt; \"q\" 'q'";

    final RuntimeVersion elfloader, qemu;
    final Profile all, unikraft;
    final Run run1, run2;
    final Result helloRegressed, sqliteFixed, xss, grepQemu, nginxBroken;

    Scenario(Farm f) {
        f.catalog("core", "1111aaaa2222bbbb", List.of("hello", "grep", "sqlite3", "xss"));
        f.catalog("extra", "e0000001", List.of("nginx", "redis"));
        elfloader = f.runtime("elfloader", "0.1");
        qemu = f.runtime("qemu-x86_64", "8.2");
        all = f.profile("all", null);
        unikraft = f.profile("unikraft", List.of("brk", "exit_group", "mmap", "read", "write"));

        run1 = f.run(Trigger.NIGHTLY);
        f.result(run1, f.app("core", "hello"), elfloader, all, PASS, "hello\n", used(1, "write", 1), used(231, "exit_group", 1));
        f.result(run1, f.app("core", "hello"), elfloader, unikraft, PASS, "hello\n", used(1, "write", 1));
        f.result(run1, f.app("core", "hello"), qemu, all, PASS, "hello\n", used(1, "write", 1));
        f.result(run1, f.app("core", "grep"), elfloader, all, PASS, "match\n", used(0, "read", 3));
        f.result(run1, f.app("core", "sqlite3"), elfloader, all, FAIL, "", used(9, "mmap", 4), failing(435, "clone3", "ENOSYS"));
        f.result(run1, f.app("core", "xss"), elfloader, all, PASS, "plain\n", used(1, "write", 1));
        f.result(run1, f.app("extra", "redis"), elfloader, all, FAIL, "", denied(425, "io_uring_setup"));
        f.result(run1, f.app("extra", "nginx"), elfloader, all, PASS, "200\n", used(1, "write", 1));

        f.catalog("core", "3333cccc4444dddd", List.of("hello", "grep", "sqlite3", "xss"));
        run2 = f.run(Trigger.NIGHTLY);
        helloRegressed = f.trend(f.result(run2, f.app("core", "hello"), elfloader, all, FAIL, "hello\nworld\n",
                used(1, "write", 2), denied(425, "io_uring_setup")), "regression");
        f.result(run2, f.app("core", "hello"), elfloader, unikraft, PASS, "hello\n", used(1, "write", 1));
        f.result(run2, f.app("core", "grep"), elfloader, all, PASS, "match\n", used(0, "read", 3));
        grepQemu = f.result(run2, f.app("core", "grep"), qemu, all, PASS, "match\n", used(0, "read", 3));
        sqliteFixed = f.trend(f.result(run2, f.app("core", "sqlite3"), elfloader, all, PASS, "ok\n", used(9, "mmap", 4)), "fixed");
        xss = f.trend(f.result(run2, f.app("core", "xss"), elfloader, all, FAIL, XSS + "\n", failing(2, "open", "ENOENT")),
                "regression");
        nginxBroken = f.trend(f.result(run2, f.app("extra", "nginx"), elfloader, all, FAIL, "", used(1, "write", 1)), "broken");
        f.result(run2, f.app("extra", "redis"), elfloader, all, FAIL, "", denied(425, "io_uring_setup"),
                failing(441, "epoll_pwait2", "ENOSYS"));
    }
}
