package dev.binfarm.emulator.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signal handlers run through real rt_sigframes: the same program natively (chroot) and in the emulator. */
class SignalDeliveryTest {
    static final String PROGRAM = """
            #define _GNU_SOURCE
            #include <setjmp.h>
            #include <signal.h>
            #include <stdint.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <ucontext.h>
            #include <unistd.h>
            static volatile sig_atomic_t hits, last, code, depth, maxdepth, onalt;
            static sigjmp_buf escape;
            static char altstack[65536];
            static void on_usr(int sig) { hits++; last = sig; }
            static void on_info(int sig, siginfo_t *si, void *uc) { (void) uc; last = sig; code = si->si_code; hits++; }
            static void on_segv(int sig, siginfo_t *si, void *uc) {
                (void) uc;
                printf("  segv addr=%#lx code=%d\\n", (unsigned long) si->si_addr, si->si_code);
                siglongjmp(escape, 1);
            }
            static void on_fpe(int sig) { (void) sig; siglongjmp(escape, 2); }
            static void nested(int sig) {
                depth++; if (depth > maxdepth) maxdepth = depth;
                if (depth < 3) raise(sig);
                depth--;
            }
            static void on_alt(int sig) {
                int local; (void) sig;
                onalt = (char *) &local >= altstack && (char *) &local < altstack + sizeof altstack;
            }
            static volatile long skipped;
            static void skip_ud2(int sig, siginfo_t *si, void *ucv) {
                ucontext_t *uc = ucv; (void) sig; (void) si;
                uc->uc_mcontext.gregs[REG_RIP] += 2; skipped++;
            }
            static void on_abrt(int sig) { (void) sig; puts("abort handler ran"); fflush(stdout); }
            int main(void) {
                signal(SIGUSR1, on_usr);
                volatile double x = 1.5; double y = x * 3.0;
                raise(SIGUSR1);
                printf("raise: hits=%d sig=%d xmm kept=%d\\n", (int) hits, (int) last, y == 4.5);
                struct sigaction sa; memset(&sa, 0, sizeof sa);
                sa.sa_sigaction = on_info; sa.sa_flags = SA_SIGINFO;
                sigaction(SIGUSR2, &sa, NULL);
                raise(SIGUSR2);
                printf("siginfo: sig=%d tkill=%d\\n", (int) last, code == SI_TKILL);
                kill(getpid(), SIGUSR2);
                printf("kill: user=%d hits=%d\\n", code == SI_USER, (int) hits);
                sigset_t block, old, pend; sigemptyset(&block); sigaddset(&block, SIGUSR1);
                sigprocmask(SIG_BLOCK, &block, &old);
                raise(SIGUSR1);
                sigpending(&pend);
                printf("blocked: hits=%d pending=%d\\n", (int) hits, sigismember(&pend, SIGUSR1));
                sigprocmask(SIG_SETMASK, &old, NULL);
                printf("unblocked: hits=%d\\n", (int) hits);
                sa.sa_sigaction = on_segv; sa.sa_flags = SA_SIGINFO; sigaction(SIGSEGV, &sa, NULL);
                for (int i = 0; i < 3; i++) {
                    if (sigsetjmp(escape, 1) == 0) { volatile int *volatile p = (int *) (uintptr_t) (16 + i * 8); *p = 1; puts("not reached"); }
                    else printf("escaped SIGSEGV #%d\\n", i);
                }
                signal(SIGFPE, on_fpe);
                volatile int zero = 0;
                if (sigsetjmp(escape, 1) == 0) { printf("%d\\n", 7 / zero); } else puts("escaped SIGFPE");
                sa.sa_handler = nested; sa.sa_flags = SA_NODEFER; sigemptyset(&sa.sa_mask); sigaction(SIGUSR1, &sa, NULL);
                raise(SIGUSR1);
                printf("nested: maxdepth=%d\\n", (int) maxdepth);
                stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0 };
                sigaltstack(&ss, NULL);
                sa.sa_handler = on_alt; sa.sa_flags = SA_ONSTACK; sigaction(SIGUSR2, &sa, NULL);
                raise(SIGUSR2);
                printf("altstack: %d\\n", (int) onalt);
                sa.sa_sigaction = skip_ud2; sa.sa_flags = SA_SIGINFO; sigaction(SIGILL, &sa, NULL);
                __asm__ volatile("ud2");
                __asm__ volatile("ud2");
                printf("skipped ud2 by editing the context: %ld\\n", (long) skipped);
                sa.sa_handler = on_usr; sa.sa_flags = SA_RESETHAND; sigaction(SIGUSR1, &sa, NULL);
                raise(SIGUSR1);
                struct sigaction now; sigaction(SIGUSR1, NULL, &now);
                printf("resethand: default now=%d\\n", now.sa_handler == SIG_DFL);
                signal(SIGUSR2, SIG_IGN); raise(SIGUSR2); puts("ignored SIGUSR2");
                signal(SIGABRT, on_abrt);
                fflush(stdout);
                abort();
            }
            """;

    @TempDir Path root;

    @Test
    void glibcHandlersRunAsTheyDoNatively() throws Exception {
        compare("signals", Cc.staticPie(root, "signals", PROGRAM));
    }

    @Test
    void muslHandlersRunAsTheyDoNatively() throws Exception {
        Assumptions.assumeTrue(Cc.muslAvailable(), "musl-tools not installed");
        compare("msignals", Cc.muslStaticPie(root, "msignals", PROGRAM));
    }

    private void compare(String name, Path prog) throws Exception {
        assertTrue(Files.isExecutable(prog));
        GuestOutcome emu = Guest.builder().rootfs(root).argv("/" + name).timeout(Duration.ofSeconds(30)).build().run();
        String out = new String(emu.stdout(), StandardCharsets.UTF_8);
        assertTrue(out.contains("escaped SIGSEGV #2"), out + emu.exit());
        assertTrue(out.contains("skipped ud2 by editing the context: 2"), out + emu.exit());
        assertEquals(134, emu.exit().status(), out + emu.exit());
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/chroot")), "chroot not available");
        Cc.Result nat = Cc.exec(root, List.of("/usr/sbin/chroot", root.toString(), "/" + name), new byte[0]);
        Assumptions.assumeFalse(nat.stderr().contains("Operation not permitted"), "chroot needs root");
        assertEquals(nat.stdout(), out);
        assertEquals(nat.status(), emu.exit().status());
    }
}
