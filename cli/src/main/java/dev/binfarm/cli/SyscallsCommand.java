package dev.binfarm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.binfarm.catalog.unikraft.UnikraftSyscalls;
import dev.binfarm.emulator.kernel.SyscallNames;
import dev.binfarm.emulator.kernel.SyscallPolicy;
import dev.binfarm.results.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code farm syscalls}: the shim's syscall table and the syscall profiles runs can apply. */
@Command(name = "syscalls", mixinStandardHelpOptions = true,
        description = {"The emulator's syscall table (every x86-64 Linux syscall) and syscall profiles:",
                "sets of syscalls a layer under test provides (linux, Loupe OS lists, Unikraft trees)."},
        subcommands = {SyscallsCommand.ListCmd.class, SyscallsCommand.ProfilesCmd.class, SyscallsCommand.ProfileCmd.class})
final class SyscallsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "One line per x86-64 syscall number: name, status (implemented, partial, stub, stub/none), subsystem, note.")
    static final class ListCmd implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--profile", paramLabel = "P", description = "Also say whether profile P provides each syscall.")
        String profile;

        @Option(names = "--json", description = "JSON array of {nr, name, status, subsystem, note} (plus inProfile with --profile).")
        boolean json;

        @Override
        public Integer call() throws Exception {
            SyscallPolicy p = profile == null ? null : Profiles.policy(spec, profile);
            Set<String> allowed = p == null ? null : p.allowed();
            var out = spec.commandLine().getOut();
            List<Map<String, Object>> rows = new ArrayList<>();
            Table t = profile == null ? new Table("NR", "NAME", "STATUS", "SUBSYSTEM", "NOTE")
                    : new Table("NR", "NAME", "STATUS", "SUBSYSTEM", "IN " + profile.toUpperCase(java.util.Locale.ROOT), "NOTE");
            for (SyscallNames.Listing l : SyscallNames.listing()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("nr", l.nr());
                m.put("name", l.name());
                m.put("status", l.status());
                m.put("subsystem", l.subsystem());
                m.put("note", l.note());
                Boolean in = p == null ? null : allowed == null ? !l.status().startsWith("stub") : allowed.contains(l.name());
                if (in != null) m.put("inProfile", in);
                rows.add(m);
                if (p == null) t.row(l.nr(), l.name(), l.status(), l.subsystem(), l.note().isEmpty() ? "-" : l.note());
                else t.row(l.nr(), l.name(), l.status(), l.subsystem(), in ? "yes" : "no", l.note().isEmpty() ? "-" : l.note());
            }
            if (json) out.println(JSON.writeValueAsString(rows));
            else t.print(out);
            out.flush();
            return 0;
        }
    }

    @Command(name = "profiles", mixinStandardHelpOptions = true, description = "List syscall profiles: name, size, source.")
    static final class ProfilesCmd extends CatalogAction {
        @Override
        void act() {
            Table t = new Table("NAME", "SYSCALLS", "SOURCE");
            long linux = SyscallNames.listing().stream().filter(l -> !l.status().startsWith("stub")).count();
            for (Profile p : Profiles.all(home())) {
                t.row(p.name(), p.unrestricted() ? (p.name().equals(Profiles.LINUX) ? linux : "all") : p.syscalls().size(),
                        p.source() == null ? "-" : p.source());
            }
            t.print(out());
        }
    }

    @Command(name = "profile", mixinStandardHelpOptions = true, description = "Create syscall profiles.",
            subcommands = {ImportCmd.class, UnikraftCmd.class})
    static final class ProfileCmd implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }
    }

    static void checkName(String name) {
        if (name.equals(Profiles.LINUX)) throw new UserError("'linux' is built in and cannot be replaced");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) throw new UserError("profile name '" + name + "': use letters, digits, '.', '_', '-'");
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Store a Loupe-style list (one syscall name per line, e.g. loupedb/os/Unikraft.syscalls) as profile NAME.")
    static final class ImportCmd extends CatalogAction {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "FILE") Path file;

        @Override
        void act() {
            checkName(name);
            if (!Files.isRegularFile(file)) throw new UserError(file + " is not a file");
            Profiles.NameList list = Profiles.readList(file);
            Profile p = home().database().runs().profile(name, "loupe list " + file.toAbsolutePath().normalize(), list.known());
            out().printf("profile %s: %d syscalls from %s%n", p.name(), p.syscalls().size(), file);
            if (!list.unknown().isEmpty()) {
                out().printf("  %d names are not x86-64 Linux syscalls and were not stored: %s%n", list.unknown().size(),
                        String.join(", ", list.unknown()));
            }
        }
    }

    @Command(name = "unikraft", mixinStandardHelpOptions = true,
            description = {"Clone a Unikraft source tree and store the syscalls its Makefile.uk files provide",
                    "(UK_PROVIDED_SYSCALLS-$(CONFIG_X) += name-N) at one revision as profile NAME."})
    static final class UnikraftCmd extends CatalogAction {
        @Parameters(index = "0", paramLabel = "NAME") String name;

        @Option(names = "--from", required = true, paramLabel = "GIT_URL", description = "The Unikraft repository.")
        String url;

        @Option(names = "--rev", paramLabel = "REV", description = "Branch, tag or commit (default: the remote's HEAD).")
        String rev;

        @Override
        void act() throws IOException {
            checkName(name);
            Path work = Files.createTempDirectory("farm-unikraft");
            try {
                UnikraftSyscalls.Extraction x;
                try {
                    x = UnikraftSyscalls.fromUrl(url, rev, work.resolve("tree.git"));
                } catch (IOException e) {
                    throw new UserError(e.getMessage());
                }
                String source = "unikraft " + url + " @ " + (rev == null ? "HEAD" : rev) + " (" + x.commit().substring(0, 12) + ")";
                Profile p = home().database().runs().profile(name, source, x.names());
                out().printf("profile %s: %d syscalls from %d entries in %s%n", p.name(), p.syscalls().size(), x.entries().size(), source);
                if (!x.unknown().isEmpty()) {
                    out().printf("  unknown (not x86-64 Linux syscalls, not stored): %s%n", String.join(", ", x.unknown()));
                }
                if (!x.malformed().isEmpty()) out().printf("  malformed entries: %s%n", String.join("; ", x.malformed()));
            } finally {
                deleteTree(work);
            }
        }
    }

    static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
