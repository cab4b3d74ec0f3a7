package dev.binfarm.worker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The runtimes a worker can run cells on, by name. */
public final class Runtimes {
    private final Map<String, Runtime> byName = new LinkedHashMap<>();

    private Runtimes(List<Runtime> runtimes) {
        for (Runtime r : runtimes) {
            if (byName.putIfAbsent(r.name(), r) != null) throw new IllegalArgumentException("two runtimes named " + r.name());
        }
    }

    /** The built-in runtimes: the embedded emulator, reporting {@code farmVersion} as its version; profile "linux" only. */
    public static Runtimes standard(String farmVersion) {
        return new Runtimes(List.of(new EmulatorRuntime(farmVersion)));
    }

    /** The built-in runtimes, enforcing the syscall profiles recorded in {@code db} (and "linux": everything). */
    public static Runtimes standard(String farmVersion, dev.binfarm.results.Database db) {
        return new Runtimes(List.of(new EmulatorRuntime(farmVersion, SyscallProfiles.from(db))));
    }

    /** Exactly these runtimes (tests, a farm configured with extra ones). */
    public static Runtimes of(Runtime... runtimes) {
        return new Runtimes(List.of(runtimes));
    }

    /** These runtimes plus {@code more}; a runtime of the same name in {@code more} wins. */
    public Runtimes with(Runtime... more) {
        Map<String, Runtime> all = new LinkedHashMap<>(byName);
        for (Runtime r : more) all.put(r.name(), r);
        return new Runtimes(new ArrayList<>(all.values()));
    }

    public Optional<Runtime> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Names in registration order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
