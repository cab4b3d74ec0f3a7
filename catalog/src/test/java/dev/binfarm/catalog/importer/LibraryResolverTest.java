package dev.binfarm.catalog.importer;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.binfarm.emulator.elf.ElfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The resolver against the host loader itself: whatever ldd reports is the truth. */
class LibraryResolverTest {
    @TempDir
    Path tmp;

    static Map<String, String> asMap(LibraryClosure closure) {
        return closure.libraries().stream().collect(Collectors.toMap(LibraryClosure.Library::name,
                LibraryClosure.Library::path, (a, b) -> a, LinkedHashMap::new));
    }

    static LibraryClosure resolve(Path program) throws Exception {
        Path real = program.toRealPath();
        return LibraryResolver.host().resolve(real.toString(), ElfFile.parse(Files.readAllBytes(real)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/ls", "/bin/gzip", "/usr/bin/sqlite3", "/usr/bin/curl", "/usr/bin/ssh", "/usr/bin/strace"})
    void closureOfAHostProgramIsWhatLddReports(String program) throws Exception {
        Path p = Path.of(program);
        assumeTrue(Files.isRegularFile(p), program + " is not installed");
        LibraryClosure closure = resolve(p);
        Map<String, String> ldd = Host.ldd(p);
        assertFalse(ldd.isEmpty());
        assertEquals(ldd, asMap(closure));
        assertEquals(List.copyOf(ldd.keySet()).getFirst(), closure.libraries().getFirst().name(), "breadth-first like ld.so");
        assertEquals("/lib64/ld-linux-x86-64.so.2", closure.interpreter());
    }

    private Path gcc(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("gcc"));
        cmd.addAll(List.of(args));
        Host.Ran r = Host.run(cmd);
        assertEquals(0, r.exit(), r.stderr());
        return tmp;
    }

    /** app/bin/prog needs libgreet.so (in app/lib, found through $ORIGIN/../lib) which needs libm. */
    private Path buildOriginApp(String dtags) throws Exception {
        Path lib = Files.createDirectories(tmp.resolve(dtags + "/lib"));
        Path bin = Files.createDirectories(tmp.resolve(dtags + "/bin"));
        Files.writeString(tmp.resolve("greet.c"), """
                #include <math.h>
                double greet(double x) { return sqrt(x); }
                """);
        Files.writeString(tmp.resolve("prog.c"), """
                #include <stdio.h>
                double greet(double);
                int main(void) { printf("%g\\n", greet(49.0)); return 0; }
                """);
        gcc("-shared", "-fPIC", "-o", lib.resolve("libgreet.so").toString(), tmp.resolve("greet.c").toString(), "-lm");
        gcc("-o", bin.resolve("prog").toString(), tmp.resolve("prog.c").toString(), "-L" + lib, "-lgreet",
                "-Wl," + dtags, "-Wl,-rpath,$ORIGIN/../lib");
        return bin.resolve("prog");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--enable-new-dtags", "--disable-new-dtags"})
    void runpathAndRpathWithOriginResolveLikeTheLoader(String dtags) throws Exception {
        assumeTrue(Host.has("gcc"), "gcc is not installed");
        Path prog = buildOriginApp(dtags);
        ElfFile elf = ElfFile.parse(Files.readAllBytes(prog));
        if (dtags.equals("--enable-new-dtags")) assertEquals(List.of("$ORIGIN/../lib"), elf.runpath());
        else assertEquals(List.of("$ORIGIN/../lib"), elf.rpath());

        LibraryClosure closure = resolve(prog);
        Map<String, String> ldd = Host.ldd(prog);
        assertEquals(prog.getParent().resolve("../lib/libgreet.so").normalize().toString(), asMap(closure).get("libgreet.so"));
        assertEquals(ldd.keySet(), asMap(closure).keySet());
        for (var e : ldd.entrySet())
            assertEquals(Path.of(e.getValue()).normalize().toString(), asMap(closure).get(e.getKey()), e.getKey());
        Host.Ran ran = Host.run(prog.toString());
        assertEquals("7\n", ran.stdout(), "the program itself works with what the loader found");
    }

    @Test
    void aMissingLibraryNamesItselfAndItsRequester() throws Exception {
        assumeTrue(Host.has("gcc"), "gcc is not installed");
        Path prog = buildOriginApp("--enable-new-dtags");
        Files.delete(tmp.resolve("--enable-new-dtags/lib/libgreet.so"));
        var e = assertThrows(ImportException.class, () -> resolve(prog));
        assertTrue(e.getMessage().startsWith("cannot find libgreet.so (needed by " + prog.toRealPath() + ")"), e.getMessage());
    }

    @Test
    void expandsDynamicStringTokens() {
        assertEquals("/opt/app/bin/../lib", LibraryResolver.expand("$ORIGIN/../lib", "/opt/app/bin/prog"));
        assertEquals("/opt/app/bin/x", LibraryResolver.expand("${ORIGIN}/x", "/opt/app/bin/prog"));
        assertEquals("/usr/lib/x86_64-linux-gnu/x86_64", LibraryResolver.expand("/usr/$LIB/$PLATFORM", "/p"));
    }
}
