package dev.binfarm.catalog.importer;

import dev.binfarm.emulator.elf.ElfFile;
import dev.binfarm.emulator.elf.InvalidElfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the DT_NEEDED closure of a program the way glibc's ld.so does (elf/dl-load.c,
 * without LD_LIBRARY_PATH): a name with a slash is a path; otherwise DT_RPATH of the
 * requesting object and its loaders (only when the requester has no DT_RUNPATH), then the
 * requester's DT_RUNPATH, then /etc/ld.so.cache, then the default directories. A name is
 * loaded once: a later DT_NEEDED matching an already loaded name or SONAME reuses it, which
 * is how libc's need for ld-linux-x86-64.so.2 lands on the interpreter itself.
 */
public final class LibraryResolver {
    /** The trusted directories of an x86-64 Debian/Fedora glibc, in search order. */
    public static final List<String> DEFAULT_DIRS = List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
            "/lib64", "/usr/lib64", "/lib", "/usr/lib");

    private final LdSoCache cache;
    private final List<String> defaultDirs;

    public LibraryResolver(LdSoCache cache, List<String> defaultDirs) {
        this.cache = cache;
        this.defaultDirs = List.copyOf(defaultDirs);
    }

    /** The resolver of this host: its /etc/ld.so.cache (none if absent) and the default dirs. */
    public static LibraryResolver host() throws IOException {
        LdSoCache cache = Files.isRegularFile(LdSoCache.SYSTEM) ? LdSoCache.read(LdSoCache.SYSTEM) : new LdSoCache(List.of());
        return new LibraryResolver(cache, DEFAULT_DIRS);
    }

    /** A loaded object: where it is, what it says, and who loaded it (for the DT_RPATH chain). */
    private record Loaded(String path, ElfFile elf, Loaded loader) {}

    /**
     * The closure of {@code program} (an absolute host path of a parsed dynamic ELF).
     *
     * @throws ImportException when a library cannot be found, naming it and who needs it
     */
    public LibraryClosure resolve(String program, ElfFile elf) throws ImportException {
        if (elf.interpreter() == null && elf.needed().isEmpty()) return LibraryClosure.STATIC;
        Map<String, Loaded> byName = new HashMap<>();
        if (elf.interpreter() != null) {
            Loaded interp = new Loaded(elf.interpreter(), readElf(elf.interpreter(), "the interpreter of " + program), null);
            byName.put(Path.of(elf.interpreter()).getFileName().toString(), interp);
            if (interp.elf().soname() != null) byName.put(interp.elf().soname(), interp);
        }
        List<LibraryClosure.Library> libraries = new ArrayList<>();
        Deque<Loaded> queue = new ArrayDeque<>();
        queue.add(new Loaded(program, elf, null));
        while (!queue.isEmpty()) {
            Loaded requester = queue.removeFirst();
            for (String name : requester.elf().needed()) {
                if (byName.containsKey(name)) continue;
                Loaded lib = find(name, requester)
                        .orElseThrow(() -> new ImportException("cannot find " + name + " (needed by " + requester.path()
                                + ") in its RPATH/RUNPATH, /etc/ld.so.cache or " + String.join(":", defaultDirs)));
                byName.put(name, lib);
                if (lib.elf().soname() != null) byName.putIfAbsent(lib.elf().soname(), lib);
                libraries.add(new LibraryClosure.Library(name, lib.path()));
                queue.addLast(lib);
            }
        }
        return new LibraryClosure(elf.interpreter(), List.copyOf(libraries));
    }

    private Optional<Loaded> find(String name, Loaded requester) {
        if (name.contains("/")) return candidate(name, requester);
        if (requester.elf().runpath().isEmpty()) {
            for (Loaded o = requester; o != null; o = o.loader()) {
                Optional<Loaded> hit = searchDirs(o.elf().rpath(), o, name, requester);
                if (hit.isPresent()) return hit;
            }
        } else {
            Optional<Loaded> hit = searchDirs(requester.elf().runpath(), requester, name, requester);
            if (hit.isPresent()) return hit;
        }
        Optional<String> cached = cache.lookup(name);
        if (cached.isPresent()) {
            Optional<Loaded> hit = candidate(cached.get(), requester);
            if (hit.isPresent()) return hit;
        }
        for (String dir : defaultDirs) {
            Optional<Loaded> hit = candidate(dir + "/" + name, requester);
            if (hit.isPresent()) return hit;
        }
        return Optional.empty();
    }

    private Optional<Loaded> searchDirs(List<String> dirs, Loaded owner, String name, Loaded requester) {
        for (String dir : dirs) {
            Optional<Loaded> hit = candidate(expand(dir, owner.path()) + "/" + name, requester);
            if (hit.isPresent()) return hit;
        }
        return Optional.empty();
    }

    /** Dynamic string tokens in RPATH/RUNPATH: $ORIGIN is the directory of the object that holds the path. */
    static String expand(String dir, String objectPath) {
        Path parent = Path.of(objectPath).toAbsolutePath().getParent();
        String origin = parent == null ? "/" : parent.toString();
        return dir.replace("${ORIGIN}", origin).replace("$ORIGIN", origin)
                .replace("${LIB}", "lib/x86_64-linux-gnu").replace("$LIB", "lib/x86_64-linux-gnu")
                .replace("${PLATFORM}", "x86_64").replace("$PLATFORM", "x86_64");
    }

    /** A file the loader would accept: it exists and is an x86-64 ELF64 (others are skipped, as ld.so does). */
    private Optional<Loaded> candidate(String path, Loaded requester) {
        Path p = Path.of(path).normalize();
        if (!Files.isRegularFile(p)) return Optional.empty();
        try {
            return Optional.of(new Loaded(p.toString(), ElfFile.parse(Files.readAllBytes(p)), requester));
        } catch (InvalidElfException | IOException wrongKind) {
            return Optional.empty();
        }
    }

    private static ElfFile readElf(String path, String what) throws ImportException {
        try {
            return ElfFile.parse(Files.readAllBytes(Path.of(path)));
        } catch (IOException e) {
            throw new ImportException("cannot read " + what + " " + path + ": " + e.getMessage());
        } catch (InvalidElfException e) {
            throw new ImportException(what + " " + path + ": " + e.getMessage());
        }
    }
}
