package dev.binfarm.worker.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Syscall profile name -> the syscall names it allows. "linux" is not resolved here: it means
 * "everything the host allows" and the runtime treats it itself (Docker's own default seccomp).
 */
public interface ProfileResolver {
    String LINUX = "linux";

    /** The allowed names, or empty when the profile is unknown. */
    Optional<Set<String>> resolve(String name);

    /** Fixed profiles (tests, a farm configured by hand). */
    static ProfileResolver of(Map<String, Set<String>> profiles) {
        Map<String, Set<String>> copy = Map.copyOf(profiles);
        return name -> Optional.ofNullable(copy.get(name)).map(Set::copyOf);
    }

    /**
     * Loupe OS lists ({@code <dir>/<OS>.syscalls}, one name per line): profile "Unikraft" or
     * "loupe:Unikraft" reads {@code Unikraft.syscalls}; null dir knows no profile.
     */
    static ProfileResolver loupe(Path osDir) {
        return name -> {
            if (osDir == null || name == null) return Optional.empty();
            String os = name.startsWith("loupe:") ? name.substring("loupe:".length()) : name;
            if (!os.matches("[A-Za-z0-9._-]+")) return Optional.empty();
            Path file = osDir.resolve(os + ".syscalls");
            if (!Files.isRegularFile(file)) return Optional.empty();
            try {
                Set<String> names = new TreeSet<>();
                for (String line : Files.readAllLines(file)) {
                    String n = line.strip();
                    if (!n.isEmpty() && !n.startsWith("#")) names.add(n);
                }
                return Optional.of(Set.copyOf(names));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read syscall profile " + file, e);
            }
        };
    }

    /**
     * The farm's profiles (the results database's profile table, issue 7) through the worker's
     * {@link dev.binfarm.worker.SyscallProfiles}; a profile of "every syscall" allows every x86-64 name.
     */
    static ProfileResolver of(dev.binfarm.worker.SyscallProfiles farm) {
        return name -> farm.allowed(name).map(a -> a.syscalls() == null
                ? Set.copyOf(SeccompExec.NUMBERS.keySet()) : Set.copyOf(a.syscalls()));
    }

    /** The default: Loupe lists from {@code ../shared/loupedb/os} (or $BINFARM_SHARED/loupedb/os) when present. */
    static ProfileResolver standard() {
        String env = System.getenv("BINFARM_SHARED");
        if (env != null && Files.isDirectory(Path.of(env, "loupedb", "os"))) return loupe(Path.of(env, "loupedb", "os"));
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("shared/loupedb/os");
            if (Files.isDirectory(d)) return loupe(d);
        }
        return loupe(null);
    }
}
