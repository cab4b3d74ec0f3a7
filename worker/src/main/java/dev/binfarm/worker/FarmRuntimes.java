package dev.binfarm.worker;

import dev.binfarm.results.Database;
import dev.binfarm.worker.docker.DockerRuntime;
import dev.binfarm.worker.docker.ProfileResolver;
import dev.binfarm.worker.qemu.QemuLinuxRuntime;
import dev.binfarm.worker.qemu.RuntimeRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every runtime a farm knows: the built-ins (emulator, docker, qemu-linux), always listed
 * whether or not they can run here, plus the ones configured with {@code farm runtime add}
 * (a configured runtime of a built-in's name replaces it). Syscall profiles come from the
 * database for every runtime alike.
 */
public final class FarmRuntimes {
    private FarmRuntimes() { }

    public static Runtimes of(String farmVersion, Database db, Path home) throws IOException {
        SyscallProfiles profiles = SyscallProfiles.from(db);
        List<Runtime> all = new ArrayList<>();
        all.add(new EmulatorRuntime(farmVersion, profiles));
        all.add(DockerRuntime.detect(ProfileResolver.of(profiles)));
        all.add(QemuLinuxRuntime.detect());
        Runtimes runtimes = Runtimes.of(all.toArray(Runtime[]::new));
        for (RuntimeRegistry.Entry e : new RuntimeRegistry(home).list()) {
            Runtime configured;
            try {
                configured = RuntimeRegistry.create(e);
            } catch (IllegalArgumentException bad) {
                configured = new Misconfigured(e.name(), e.kind(), "bad configuration: " + bad.getMessage());
            }
            runtimes = runtimes.with(configured);
        }
        return runtimes;
    }

    /** A configured runtime whose configuration cannot be used: listed, never runs. */
    private record Misconfigured(String name, String kind, String why) implements Runtime {
        @Override public String version() { return "misconfigured"; }
        @Override public Availability available() { return Availability.no(why); }
        @Override public RunOutcome run(RunRequest request) { return RunOutcome.failed(name + ": " + why, Duration.ZERO); }
    }
}
