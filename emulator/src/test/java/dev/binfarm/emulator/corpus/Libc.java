package dev.binfarm.emulator.corpus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The two C libraries every corpus program is built against, both as static-PIE. */
enum Libc {
    GLIBC,
    MUSL;

    private static final Path MUSL_LIB = Path.of("/usr/lib/x86_64-linux-musl");

    String label() { return name().toLowerCase(); }

    /** Null when this libc can be used here, else why not (shown as the skip reason). */
    String unavailableReason() {
        if (!Tools.onPath("gcc")) return "gcc is not installed";
        if (this == MUSL && !Files.isRegularFile(MUSL_LIB.resolve("rcrt1.o")))
            return "musl static-PIE start file " + MUSL_LIB.resolve("rcrt1.o") + " is missing (apt-get install musl-tools)";
        return null;
    }

    /**
     * The commands that turn {@code source} into a static-PIE {@code out}. glibc is one gcc call;
     * musl needs its own headers and rcrt1.o because Debian's musl-gcc -static-pie still asks for
     * the dynamic loader (FACTS.md).
     */
    List<List<String>> buildCommands(Path source, Path includeDir, Path out) {
        if (this == GLIBC) {
            return List.of(List.of("gcc", "-O2", "-static-pie", "-I" + includeDir, "-o", out.toString(),
                    source.toString(), "-lm"));
        }
        Path obj = out.resolveSibling(out.getFileName() + ".o");
        String gccInclude = Tools.gccPrintFile("include");
        List<String> compile = List.of("gcc", "-O2", "-nostdinc", "-isystem", "/usr/include/x86_64-linux-musl",
                "-isystem", gccInclude, "-I" + includeDir, "-fPIE", "-c", "-o", obj.toString(), source.toString());
        List<String> link = new ArrayList<>(List.of("gcc", "-static-pie", "-nostdlib", "-nostartfiles", "-o", out.toString(),
                MUSL_LIB.resolve("rcrt1.o").toString(), MUSL_LIB.resolve("crti.o").toString(),
                Tools.gccPrintFile("crtbeginS.o"), obj.toString(), "-L" + MUSL_LIB, "-lc",
                Tools.gccOutput("-print-libgcc-file-name"), Tools.gccPrintFile("crtendS.o"),
                MUSL_LIB.resolve("crtn.o").toString()));
        return List.of(compile, link);
    }
}
