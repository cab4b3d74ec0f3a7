package dev.binfarm.worker.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profile names to syscall sets (no daemon needed). */
class ProfileResolverTest {
    @TempDir Path tmp;

    @Test
    void loupeListsByOsNameWithOrWithoutPrefix() throws Exception {
        Files.writeString(tmp.resolve("Tiny.syscalls"), "read\nwrite\n\n# comment\nexit_group\n");
        ProfileResolver r = ProfileResolver.loupe(tmp);
        assertEquals(Optional.of(Set.of("read", "write", "exit_group")), r.resolve("Tiny"));
        assertEquals(r.resolve("Tiny"), r.resolve("loupe:Tiny"));
        assertTrue(r.resolve("Other").isEmpty());
        assertTrue(r.resolve("../Tiny").isEmpty(), "names cannot leave the directory");
    }

    @Test
    void theSharedLoupeDataIsFoundWhenPresent() {
        Optional<Set<String>> unikraft = ProfileResolver.standard().resolve("Unikraft");
        org.junit.jupiter.api.Assumptions.assumeTrue(unikraft.isPresent(), "../shared/loupedb is absent");
        assertTrue(unikraft.get().contains("openat"));
        assertFalse(unikraft.get().contains("set_robust_list"), "FACTS.md: Unikraft lacks set_robust_list");
    }

    @Test
    void fixedProfiles() {
        ProfileResolver r = ProfileResolver.of(java.util.Map.of("p", Set.of("read")));
        assertEquals(Optional.of(Set.of("read")), r.resolve("p"));
        assertTrue(r.resolve("linux").isEmpty(), "linux is the runtime's own default, not a resolved set");
    }
}
