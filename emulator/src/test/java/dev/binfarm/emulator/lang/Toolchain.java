package dev.binfarm.emulator.lang;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The language toolchains the tests build with: Debian's packages at their absolute
 * paths (not ~/.cargo), so a CI machine with the same packages builds the same binaries.
 */
enum Toolchain {
    GO("go", "/usr/bin/go", List.of("golang-go")),
    RUST("rust", "/usr/bin/rustc", List.of("rustc")),
    CPP("cpp", "/usr/bin/g++", List.of("g++"));

    final String dir;
    final Path compiler;
    private final List<String> packages;

    Toolchain(String dir, String compiler, List<String> packages) {
        this.dir = dir;
        this.compiler = Path.of(compiler);
        this.packages = packages;
    }

    boolean installed() { return Files.isExecutable(compiler); }

    /** Why the language's tests are skipped, for the report. */
    String missing() {
        return compiler + " is not installed (Debian package " + String.join(", ", packages) + "): " + name() + " programs skipped";
    }
}
