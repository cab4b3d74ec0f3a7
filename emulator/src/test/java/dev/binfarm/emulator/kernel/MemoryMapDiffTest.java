package dev.binfarm.emulator.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/**
 * The address space against Linux in a chroot: mprotect splitting mappings (and stopping at a
 * hole), partial munmap, MAP_SHARED file mappings written back into the file (seen by read(),
 * refreshed by write(), after msync, munmap and exit), mremap with MREMAP_FIXED. Pages are probed
 * with a SIGSEGV handler and msync (ENOMEM for unmapped pages), so no address is printed.
 */
class MemoryMapDiffTest {
    static final String PROGRAM = """
            #define _GNU_SOURCE
            #include <errno.h>
            #include <fcntl.h>
            #include <setjmp.h>
            #include <signal.h>
            #include <stdio.h>
            #include <string.h>
            #include <sys/mman.h>
            #include <sys/stat.h>
            #include <unistd.h>
            #define P 4096L
            static sigjmp_buf jb;
            static void segv(int s) { (void) s; siglongjmp(jb, 1); }
            static int can_read(volatile char *p) { if (sigsetjmp(jb, 1)) return 0; (void) *p; return 1; }
            static int can_write(volatile char *p) { if (sigsetjmp(jb, 1)) return 0; char c = *p; *p = c; return 1; }
            static int mapped(char *p) { return msync(p, P, MS_ASYNC) == 0; }
            static void probe(const char *label, char *base, int pages) {
                printf("%-28s", label);
                for (int i = 0; i < pages; i++) {
                    char *p = base + i * P;
                    int m = mapped(p), r = m && can_read(p), w = r && can_write(p);
                    printf(" %c%c%c:%c", m ? 'm' : '-', r ? 'r' : '-', w ? 'w' : '-', r ? (p[7] ? p[7] : '0') : '?');
                }
                printf("\\n");
            }
            static void show(const char *what, long r) {
                if (r < 0) printf("%s = -1 %s\\n", what, strerrorname_np(errno)); else printf("%s = %ld\\n", what, r);
            }
            static void fill(char *p, int pages, char first) { for (int i = 0; i < pages; i++) memset(p + i * P, first + i, P); }
            static void file(const char *label, const char *path, long at, int n) {
                char b[64] = {0}; int fd = open(path, O_RDONLY); long got = pread(fd, b, n, at);
                struct stat st; fstat(fd, &st); close(fd);
                for (int i = 0; i < got; i++) if (!b[i]) b[i] = '.';
                printf("%s: size %ld [%.*s]\\n", label, (long) st.st_size, (int) (got < 0 ? 0 : got), b);
            }
            int main(void) {
                struct sigaction sa = {0}; sa.sa_handler = segv; sa.sa_flags = SA_NODEFER; sigaction(SIGSEGV, &sa, 0);

                char *a = mmap(0, 8 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                fill(a, 8, 'A');
                show("mprotect middle read-only", mprotect(a + 2 * P, 2 * P, PROT_READ));
                probe("after split", a, 8);
                show("mprotect overlapping none", mprotect(a + 3 * P, 3 * P, PROT_NONE));
                probe("after second split", a, 8);
                show("mprotect all rw", mprotect(a, 8 * P, PROT_READ | PROT_WRITE));
                probe("merged again", a, 8);
                show("munmap one page", munmap(a + 5 * P, P));
                show("mprotect across the hole", mprotect(a + 4 * P, 3 * P, PROT_READ));
                probe("stopped at the hole", a, 8);
                show("mprotect starting in the hole", mprotect(a + 5 * P, 2 * P, PROT_NONE));
                probe("unchanged", a, 8);
                show("mprotect unaligned", mprotect(a + 1, P, PROT_READ));
                show("mprotect bad prot", mprotect(a, P, 0x80));

                char *b = mmap(0, 6 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                fill(b, 6, 'a');
                show("munmap middle", munmap(b + P, P));
                show("munmap tail", munmap(b + 4 * P, 2 * P));
                show("munmap head", munmap(b, P));
                probe("partial munmap", b, 6);
                show("munmap over holes", munmap(b, 6 * P));
                probe("all gone", b, 6);
                show("munmap unaligned", munmap(b + 1, P));
                show("munmap zero length", munmap(b, 0));
                show("munmap unmapped", munmap(b, P));

                int fd = open("/data/private", O_RDWR); char *c = mmap(0, 3 * P, PROT_READ, MAP_PRIVATE, fd, 0);
                show("mprotect private file page", mprotect(c + P, P, PROT_READ | PROT_WRITE));
                c[P + 7] = '!';
                probe("private file", c, 3);
                file("private file untouched", "/data/private", P + 4, 6);
                close(fd);

                fd = open("/data/shared", O_RDWR);
                show("shared from read-only fd", (long) mmap(0, P, PROT_READ | PROT_WRITE, MAP_SHARED,
                        open("/data/shared", O_RDONLY), 0) == -1 ? -1 : 0);
                char *s = mmap(0, 3 * P, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
                show("mmap shared", s == MAP_FAILED ? -1 : 0);
                memcpy(s + 2, "hello", 5); memcpy(s + 2 * P + 10, "page2", 5);
                s[10000 - 1] = 'E';            /* the file's last byte */
                s[10000 + 5] = 'Q';            /* past the end: not part of the file */
                file("read sees the mapping", "/data/shared", 0, 10);
                file("and its third page", "/data/shared", 2 * P + 8, 10);
                show("pwrite", pwrite(fd, "XYZ", 3, 100));
                printf("mapping sees pwrite: %.3s\\n", s + 100);
                show("ftruncate shorter", ftruncate(fd, 2 * P + 20));
                printf("mapping after truncate: [%.5s] %d\\n", s + 2 * P + 10, s[2 * P + 30]);
                show("ftruncate back", ftruncate(fd, 10000));
                show("msync", msync(s, 3 * P, MS_SYNC));
                s[P + 3] = 'M';
                show("munmap shared middle", munmap(s + P, P));
                file("middle page written back", "/data/shared", P, 6);
                s[20] = 'R';
                char *moved = mremap(s, P, 2 * P, MREMAP_MAYMOVE);
                moved[21] = 'S';
                show("munmap moved", munmap(moved, 2 * P));
                file("after mremap and munmap", "/data/shared", 16, 8);
                char *t = mmap(0, P, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 2 * P);
                memcpy(t + 40, "at exit", 7);
                show("madvise dontneed shared", madvise(t, P, MADV_DONTNEED));
                printf("kept after dontneed: %.7s\\n", t + 40);
                memcpy(t + 60, "last", 4);
                close(fd);

                char *d = mmap(0, 4 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                fill(d, 4, 'w');
                char *e = mmap(0, 2 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                fill(e, 2, 'p');
                show("mremap fixed without maymove", (long) mremap(e, 2 * P, 2 * P, MREMAP_FIXED, d) == -1 ? -1 : 0);
                show("mremap fixed overlapping", (long) mremap(e, 2 * P, 2 * P, MREMAP_FIXED | MREMAP_MAYMOVE, e + P) == -1 ? -1 : 0);
                char *f = mremap(e, 2 * P, 3 * P, MREMAP_FIXED | MREMAP_MAYMOVE, d + P);
                printf("mremap fixed lands at target: %d\\n", f == d + P);
                probe("target after mremap fixed", d, 4);
                probe("source after mremap fixed", e, 2);
                f = mremap(d + P, 3 * P, P, MREMAP_FIXED | MREMAP_MAYMOVE, e);
                printf("shrinking move lands at target: %d\\n", f == e);
                probe("after shrinking move", d, 4);
                probe("moved page", e, 2);
                return 0;
            }
            """;

    /** A JIT's double mapping: code written through a MAP_SHARED RW view, run through an RX view of the same file. */
    static final String DOUBLE_MAPPED = """
            #include <fcntl.h>
            #include <stdio.h>
            #include <string.h>
            #include <sys/mman.h>
            #include <unistd.h>
            int main(void) {
                int fd = open("/data/code", O_RDWR | O_CREAT | O_TRUNC, 0700);
                ftruncate(fd, 4096);
                unsigned char *w = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
                unsigned char *x = mmap(0, 4096, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
                if (w == MAP_FAILED || x == MAP_FAILED) { perror("mmap"); return 1; }
                int (*f)(void) = (int (*)(void)) x;
                for (int v = 1; v <= 3; v++) {
                    w[0] = 0xb8; memcpy(w + 1, &v, 4); w[5] = 0xc3;   /* mov eax, v; ret */
                    long sum = 0;
                    for (int k = 0; k < 200; k++) sum += f();          /* hot enough to be translated */
                    printf("v=%d sum=%ld\\n", v, sum);
                }
                return 0;
            }
            """;

    @Test
    void codeWrittenThroughOneSharedMappingRunsThroughTheOther() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("jit"));
        Files.createDirectories(root.resolve("data"));
        Cc.staticPie(root, "double", DOUBLE_MAPPED);
        for (String jit : List.of("off", "always")) {
            String before = System.getProperty("binfarm.jit");
            System.setProperty("binfarm.jit", jit);
            GuestOutcome emu;
            try {
                emu = Guest.builder().rootfs(root).argv("/double").writableRootfs(true).timeout(Duration.ofSeconds(30)).build().run();
            } finally {
                if (before == null) System.clearProperty("binfarm.jit"); else System.setProperty("binfarm.jit", before);
            }
            assertEquals("v=1 sum=200\nv=2 sum=400\nv=3 sum=600\n", new String(emu.stdout(), StandardCharsets.UTF_8),
                    "jit=" + jit + " " + emu.exit() + new String(emu.stderr(), StandardCharsets.UTF_8));
        }
    }

    @TempDir Path tmp;

    @Test
    void mappingsBehaveAsOnLinux() throws Exception {
        Path emuRoot = Files.createDirectories(tmp.resolve("emu"));
        Path natRoot = Files.createDirectories(tmp.resolve("native"));
        byte[] shared = new byte[10000];
        java.util.Arrays.fill(shared, (byte) '-');
        byte[] priv = new byte[3 * 4096];
        java.util.Arrays.fill(priv, (byte) 'f');
        for (Path r : List.of(emuRoot, natRoot)) {
            Files.createDirectories(r.resolve("data"));
            Files.write(r.resolve("data/shared"), shared);
            Files.write(r.resolve("data/private"), priv);
            Cc.staticPie(r, "maps", PROGRAM);
        }
        Path upper = tmp.resolve("upper");
        GuestOutcome emu = Guest.builder().rootfs(emuRoot).argv("/maps").writableRootfs(upper)
                .timeout(Duration.ofSeconds(30)).build().run();
        String out = new String(emu.stdout(), StandardCharsets.UTF_8);
        assertEquals(0, emu.exit().status(), out + emu.exit());
        assertTrue(out.contains("read sees the mapping: size 10000 [--hello---]"), out);
        assertTrue(out.contains("mremap fixed lands at target: 1"), out);
        assertFalse(Files.readString(emuRoot.resolve("data/shared")).contains("hello"), "the rootfs stays as it was");
        // Exit wrote the last mapping back into the layer.
        String saved = Files.readString(upper.resolve("data/shared"));
        assertEquals(10000, saved.length());
        assertEquals("at exit", saved.substring(2 * 4096 + 40, 2 * 4096 + 47));
        assertEquals("last", saved.substring(2 * 4096 + 60, 2 * 4096 + 64));
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/chroot")), "chroot not available");
        Cc.Result nat = Cc.exec(natRoot, List.of("/usr/sbin/chroot", natRoot.toString(), "/maps"), new byte[0]);
        Assumptions.assumeFalse(nat.stderr().contains("Operation not permitted"), "chroot needs root");
        assertEquals(nat.stdout(), out);
        assertEquals(Files.readString(natRoot.resolve("data/shared")), saved, "the file as Linux left it");
    }
}
