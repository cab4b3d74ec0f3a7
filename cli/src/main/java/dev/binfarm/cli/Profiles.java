package dev.binfarm.cli;

import dev.binfarm.emulator.kernel.SyscallNames;
import dev.binfarm.emulator.kernel.SyscallPolicy;
import dev.binfarm.results.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import picocli.CommandLine;

/**
 * Syscall profiles for the command line: "linux" (built in: everything the
 * shim implements), profiles stored in the farm database (imported Loupe
 * lists, Unikraft trees), or a file of names given directly.
 */
final class Profiles {
    private Profiles() { }

    static final String LINUX = "linux";

    /** A Loupe-style list: one name per line; names x86-64 Linux does not define are kept apart. */
    record NameList(List<String> known, List<String> unknown) { }

    static NameList readList(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
        TreeSet<String> known = new TreeSet<>(), unknown = new TreeSet<>();
        for (String l : lines) {
            String n = l.strip();
            if (n.isEmpty() || n.startsWith("#")) continue;
            (SyscallNames.number(n) >= 0 ? known : unknown).add(n);
        }
        return new NameList(List.copyOf(known), List.copyOf(unknown));
    }

    /** The policy for {@code name}: linux, a stored profile, or a list file. */
    static SyscallPolicy policy(CommandLine.Model.CommandSpec spec, String name) {
        if (name.equals(LINUX)) return SyscallPolicy.ALL;
        Path file = Path.of(name);
        if (name.contains("/") && Files.isRegularFile(file)) return SyscallPolicy.profile(readList(file).known());
        try (FarmHome home = FarmHome.of(spec)) {
            Optional<Profile> p = home.database().runs().profile(name);
            if (p.isEmpty()) throw new UserError("unknown profile '" + name + "' (see 'farm syscalls profiles')");
            return p.get().unrestricted() ? SyscallPolicy.ALL : SyscallPolicy.profile(p.get().syscalls());
        }
    }

    /** Every profile: linux first, then the stored ones by name. */
    static List<Profile> all(FarmHome home) {
        List<Profile> out = new ArrayList<>();
        out.add(new Profile(0, LINUX, "built in: every syscall the shim implements", null));
        for (Profile p : new ProfileDao(home.database()).all()) if (!p.name().equals(LINUX)) out.add(p);
        return out;
    }
}
