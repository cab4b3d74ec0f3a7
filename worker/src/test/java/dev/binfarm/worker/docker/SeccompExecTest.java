package dev.binfarm.worker.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated filter-and-exec shim, run on the host (no daemon needed). */
class SeccompExecTest {
    @TempDir Path tmp;

    record Ran(int status, String out) { }

    Ran run(Set<String> allowed, String... argv) throws Exception {
        Path shim = tmp.resolve("shim");
        Files.write(shim, SeccompExec.elf(allowed));
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwx------"));
        List<String> cmd = new java.util.ArrayList<>(List.of(shim.toString()));
        cmd.addAll(List.of(argv));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        assertFalse(Files.exists(shim), "the shim unlinks itself before the app starts");
        return new Ran(status, out);
    }

    @Test
    void everythingAllowedRunsTheProgramWithItsArguments() throws Exception {
        Ran r = run(SeccompExec.NUMBERS.keySet(), "/bin/echo", "hello", "shim");
        assertEquals(0, r.status(), r.out());
        assertEquals("hello shim\n", r.out());
    }

    @Test
    void aMissingProgramExits127() throws Exception {
        assertEquals(SeccompExec.EXIT_NO_EXEC, run(SeccompExec.NUMBERS.keySet(), "/no/such/program").status());
    }

    @Test
    void deniedCallsFailWithEnosys() throws Exception {
        Set<String> noUname = new HashSet<>(SeccompExec.NUMBERS.keySet());
        noUname.remove("uname");
        Ran r = run(noUname, "/bin/uname", "-s");
        assertTrue(r.status() != 0, r.out());
        assertTrue(r.out().contains("Function not implemented"), r.out());
    }

    @Test
    void filterIsX8664OnlyAndListsExactlyTheProfile() {
        byte[] f = SeccompExec.filter(SeccompExec.numbers(Set.of("read", "write", "no_such_call")));
        // 6 header insns, 2 per allowed number (read, write, and execve always), 1 final return
        assertEquals(8 * (6 + 2 * 3 + 1), f.length);
        assertEquals(Set.of(0, 1, 59), SeccompExec.numbers(Set.of("read", "write", "no_such_call")));
    }
}
