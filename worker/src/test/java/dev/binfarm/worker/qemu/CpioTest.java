package dev.binfarm.worker.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The newc writer checked by an independent reader: GNU cpio (or busybox cpio) lists and extracts what it wrote. */
class CpioTest {
    @TempDir Path tmp;

    @Test
    void anotherCpioReadsBackTreesFilesLinksAndModes() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("usr/bin"));
        Files.writeString(src.resolve("usr/bin/tool"), "#!/bin/sh\necho odd-length\n");
        src.resolve("usr/bin/tool").toFile().setExecutable(true);
        Files.writeString(src.resolve("data.txt"), "x");
        Files.createSymbolicLink(src.resolve("link"), Path.of("usr/bin/tool"));
        FileTime old = FileTime.from(Instant.parse("2021-06-01T12:00:00Z"));
        Files.setLastModifiedTime(src.resolve("data.txt"), old);
        long before = System.currentTimeMillis() / 1000;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Cpio c = new Cpio(bytes)) {
            c.dir("top", 0755);
            c.file("top/empty", 0600, new byte[0]);
            c.tree(src, "app");
        }
        assertEquals(0, bytes.size() % 4, "entries are 4-byte aligned");
        Path archive = tmp.resolve("a.cpio");
        Files.write(archive, bytes.toByteArray());
        String cpio = Files.isExecutable(Path.of("/usr/bin/cpio")) ? "/usr/bin/cpio" : null;
        List<String> list = cpio != null ? List.of(cpio, "-it", "-F", archive.toString())
                : List.of("busybox", "cpio", "-t", "-F", archive.toString());
        String listed = sh(list, tmp);
        for (String n : List.of("top", "top/empty", "app", "app/usr/bin/tool", "app/data.txt", "app/link"))
            assertTrue(listed.lines().anyMatch(n::equals), n + " missing in:\n" + listed);
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        sh(cpio != null ? List.of(cpio, "-idm", "-F", archive.toString()) : List.of("busybox", "cpio", "-idm", "-F", archive.toString()), out);
        assertEquals("#!/bin/sh\necho odd-length\n", Files.readString(out.resolve("app/usr/bin/tool")));
        assertTrue(Files.isExecutable(out.resolve("app/usr/bin/tool")));
        assertEquals("x", Files.readString(out.resolve("app/data.txt")));
        assertEquals(Path.of("usr/bin/tool"), Files.readSymbolicLink(out.resolve("app/link")));
        assertEquals(0, Files.size(out.resolve("top/empty")));
        // Host files keep their mtime; generated ones are dated now, never 0 (gzip refuses to stamp a file dated 0).
        assertEquals(old, Files.getLastModifiedTime(out.resolve("app/data.txt")));
        long made = Files.getLastModifiedTime(out.resolve("top/empty")).toMillis() / 1000;
        assertTrue(made >= before - 1 && made <= System.currentTimeMillis() / 1000 + 1, "generated entry dated " + made);
    }

    static String sh(List<String> cmd, Path dir) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("no cpio reader on this machine: " + e.getMessage());
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
