package dev.binfarm.emulator.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Assembles Intel-syntax x86-64 text with GNU as and returns the raw bytes (tests only). */
public final class Asm {
    private Asm() { }

    public static byte[] assemble(String text) {
        return assembleAt(text, 0);
    }

    /** Assembles as if loaded at {@code origin} (matters for absolute targets only). */
    public static byte[] assembleAt(String text, long origin) {
        try {
            Path dir = Files.createTempDirectory("binfarm-asm");
            try {
                Path src = dir.resolve("a.s"), obj = dir.resolve("a.o"), bin = dir.resolve("a.bin");
                Files.writeString(src, ".intel_syntax noprefix\n.text\n" + text + "\n");
                run(dir, "as", "--64", "-o", obj.toString(), src.toString());
                run(dir, "objcopy", "-O", "binary", "-j", ".text", obj.toString(), bin.toString());
                return Files.readAllBytes(bin);
            } finally {
                try (var s = Files.walk(dir)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void run(Path dir, String... cmd) throws IOException {
        Process p = new ProcessBuilder(List.of(cmd)).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
                throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static List<String> lines(String... l) {
        return new ArrayList<>(List.of(l));
    }
}
