package dev.binfarm.catalog.unikraft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extraction from synthetic Unikraft trees built with JGit: every make construct the real tree uses. */
class UnikraftSyscallsTest {
    @TempDir Path tmp;

    static final String FDIO = """
            $(eval $(call addlib_s,libposix_fdio,$(CONFIG_LIBPOSIX_FDIO)))
            # UK_PROVIDED_SYSCALLS-$(CONFIG_LIBPOSIX_FDIO) += commented_out-1
            UK_PROVIDED_SYSCALLS-$(CONFIG_LIBPOSIX_FDIO) += read-3 write-3 \\
            \tpread64-4   pwrite64-4 \\
            \treadv-3 # trailing comment lseek-3
            UK_PROVIDED_SYSCALLS-$(CONFIG_LIBPOSIX_FDIO) += read-3
            ifeq ($(CONFIG_LIBPOSIX_FDIO_EXTRA),y)
            UK_PROVIDED_SYSCALLS-$(CONFIG_LIBPOSIX_FDIO)$(CONFIG_LIBPOSIX_FDIO_EXTRA) += fsync-1
            else
            UK_PROVIDED_SYSCALLS-y += fdatasync-1
            endif
            # a comment that continues \\
            UK_PROVIDED_SYSCALLS-y += swallowed_by_comment-1
            LIBPOSIX_FDIO_SRCS-y += $(LIBPOSIX_FDIO_BASE)/fdio.c
            """;
    static final String PROCESS = """
            UK_PROVIDED_SYSCALLS-$(CONFIG_LIBPOSIX_PROCESS) += exit_group-1 uk_syscall_private-2
            UK_PROVIDED_SYSCALLS-$(CONFIG_LIBPOSIX_PROCESS)+=getpid-0 broken_entry
            """;

    private RevCommit commit(Git git, String path, String text) throws Exception {
        Path f = git.getRepository().getWorkTree().toPath().resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        git.add().addFilepattern(path).call();
        return git.commit().setMessage("add " + path).setAuthor("t", "t@t").setCommitter("t", "t@t").call();
    }

    @Test
    void extractsEveryEntryOfEveryMakefileUkAtARevision() throws Exception {
        Path src = tmp.resolve("unikraft");
        RevCommit first, second;
        try (Git git = Git.init().setDirectory(src.toFile()).setInitialBranch("staging").call()) {
            first = commit(git, "lib/posix-fdio/Makefile.uk", FDIO);
            commit(git, "lib/posix-fdio/Makefile.uk.orig", "UK_PROVIDED_SYSCALLS-y += not_a_makefile_uk-1\n");
            second = commit(git, "lib/posix-process/Makefile.uk", PROCESS);
            git.tag().setName("RELEASE-0.14.0").setObjectId(git.getRepository().parseCommit(second)).call();
        }
        UnikraftSyscalls.Extraction head = UnikraftSyscalls.fromUrl(src.toUri().toString(), null, tmp.resolve("clone1"));
        assertEquals(List.of("exit_group", "fdatasync", "fsync", "getpid", "pread64", "pwrite64", "read", "readv", "write"),
                head.names());
        assertEquals(List.of("uk_syscall_private"), head.unknown(), "unknown names are reported");
        assertEquals(List.of("lib/posix-process/Makefile.uk: broken_entry"), head.malformed());
        assertEquals(second.name(), head.commit());
        // The duplicate read-3 is one name but two entries; the two-symbol condition is kept as written.
        assertEquals(2, head.entries().stream().filter(e -> e.name().equals("read")).count());
        assertTrue(head.entries().stream().anyMatch(e -> e.name().equals("fsync")
                && e.condition().equals("$(CONFIG_LIBPOSIX_FDIO)$(CONFIG_LIBPOSIX_FDIO_EXTRA)") && e.arity() == 1));
        assertEquals(4, head.entries().stream().filter(e -> e.name().equals("pread64")).findFirst().orElseThrow().arity());

        UnikraftSyscalls.Extraction old = UnikraftSyscalls.fromUrl(src.toUri().toString(), first.name(), tmp.resolve("clone2"));
        assertEquals(List.of("fdatasync", "fsync", "pread64", "pwrite64", "read", "readv", "write"), old.names());
        assertEquals(List.of(), old.unknown());
        UnikraftSyscalls.Extraction tagged = UnikraftSyscalls.fromUrl(src.toUri().toString(), "RELEASE-0.14.0", tmp.resolve("clone3"));
        assertEquals(head.names(), tagged.names());
        assertThrows(IOException.class, () -> UnikraftSyscalls.fromUrl(src.toUri().toString(), "no-such-rev", tmp.resolve("clone4")));
    }

    @Test
    void continuationAfterAnEscapedBackslashIsNotAContinuation() {
        UnikraftSyscalls.Extraction x = UnikraftSyscalls.parse("Makefile.uk",
                "UK_PROVIDED_SYSCALLS-y += close-1 \\\\\nUK_PROVIDED_SYSCALLS-y += dup-1\n");
        assertEquals(List.of("close", "dup"), x.names());
        assertEquals(List.of("Makefile.uk: \\\\"), x.malformed());
    }
}
