package dev.binfarm.emulator.dynamic;

import dev.binfarm.emulator.elf.ElfFile;
import dev.binfarm.emulator.elf.InvalidElfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Builds a rootfs from host programs the way the catalog importer does (its
 * module depends on this one, so it cannot be called from here): the program,
 * the closure of its DT_NEEDED libraries searched in the same default
 * directories, and its PT_INTERP loader; no ld.so.cache. The layout is Debian's
 * merged /usr (bin, lib, lib64, sbin are links into usr), so every host path
 * resolves to the same file inside.
 */
public final class HostRootfs {
    static final List<String> DIRS = List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
            "/lib64", "/usr/lib64", "/lib", "/usr/lib");

    private final Path root;
    private final Set<Path> copied = new HashSet<>();

    HostRootfs(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
        Files.createDirectories(root.resolve("usr/lib64"));
        Files.createDirectories(root.resolve("usr/sbin"));
        Files.createDirectories(root.resolve("tmp"));
        for (String d : List.of("bin", "lib", "lib64", "sbin")) Files.createSymbolicLink(root.resolve(d), Path.of("usr/" + d));
    }

    Path root() { return root; }

    /** Adds the loader and the shared libraries {@code binary} needs (not the binary itself) to {@code root}. */
    public static void libraries(Path root, Path binary) throws IOException {
        HostRootfs r = new HostRootfs(root);
        r.closure(binary, false);
    }

    /** A program and everything the loader will map for it. */
    HostRootfs program(String hostPath) throws IOException {
        return closure(Path.of(hostPath), true);
    }

    private HostRootfs closure(Path start, boolean copyStart) throws IOException {
        Deque<Path> todo = new ArrayDeque<>(List.of(start));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            Path p = todo.poll();
            Path real = p == start && !copyStart ? p : file(p);
            ElfFile elf;
            try {
                elf = ElfFile.parse(Files.readAllBytes(real));
            } catch (InvalidElfException e) {
                continue; // a script or data
            }
            if (elf.interpreter() != null && seen.add(elf.interpreter())) todo.add(Path.of(elf.interpreter()));
            for (String name : elf.needed()) {
                if (!seen.add(name)) continue;
                Path hit = DIRS.stream().map(d -> Path.of(d, name)).filter(Files::exists).findFirst()
                        .orElseThrow(() -> new IOException("cannot find " + name + " needed by " + p));
                todo.add(hit);
            }
        }
        return this;
    }

    /** A host directory tree (real paths), with the shared objects in it and their libraries. */
    HostRootfs tree(String hostDir, Predicate<Path> keep) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of(hostDir).toRealPath())) {
            files = s.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && keep.test(f)).toList();
        }
        for (Path f : files) {
            if (f.getFileName().toString().endsWith(".so")) program(f.toString());
            else file(f);
        }
        return this;
    }

    /** A file at its real host path; returns that real path. */
    Path file(Path host) throws IOException {
        Path real = host.toRealPath();
        if (copied.add(real)) {
            Path dst = root.resolve(real.toString().substring(1));
            Files.createDirectories(dst.getParent());
            Files.copy(real, dst, StandardCopyOption.COPY_ATTRIBUTES);
        }
        // The name the loader asks for (a soname link, /lib64/ld-linux...) must exist too.
        Path norm = Path.of(host.toString().replaceFirst("^/(bin|lib|lib64|sbin)/", "/usr/$1/"));
        Path alias = root.resolve(norm.toString().substring(1));
        if (!norm.equals(real) && !Files.exists(alias, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(alias.getParent());
            Files.createSymbolicLink(alias, real);
        }
        return real;
    }

    HostRootfs write(String guestPath, String text) throws IOException {
        Path dst = root.resolve(guestPath.substring(1));
        Files.createDirectories(dst.getParent());
        Files.writeString(dst, text);
        return this;
    }
}
