package dev.binfarm.worker.qemu;

import dev.binfarm.worker.Availability;

import dev.binfarm.worker.Runtime;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runtimes a user configured with {@code farm runtime add}: one properties file per runtime in
 * {@code <home>/runtimes/<name>.properties} (kind plus its options), read by whoever builds the
 * worker's {@link dev.binfarm.worker.Runtimes}. A file, not a table: a runtime is host
 * configuration (paths to images and kernels on this machine), not a result.
 */
public final class RuntimeRegistry {
    public static final List<String> KINDS = List.of(QemuLinuxRuntime.NAME, QemuUnikraftRuntime.KIND);
    /** Names the farm gives its own runtimes. */
    public static final List<String> BUILT_IN = List.of("emulator", "docker");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    /**
     * A configured runtime.
     *
     * @param options qemu-linux: {@code kernel}; qemu-unikraft: {@code image}, {@code mode} (9p|initrd),
     *                {@code ports} (comma separated), {@code variant} (strace|debug|plain), {@code memory} (MB),
     *                {@code qemu} (the binary)
     */
    public record Entry(String name, String kind, Map<String, String> options) {
        public Entry {
            options = java.util.Collections.unmodifiableMap(new TreeMap<>(options));
        }
    }

    private final Path dir;

    public RuntimeRegistry(Path home) { this.dir = home.resolve("runtimes"); }

    /** Validates and stores (replacing one of the same name); throws IllegalArgumentException with a user message. */
    public Entry add(Entry e) throws IOException {
        if (!NAME.matcher(e.name()).matches())
            throw new IllegalArgumentException("runtime name '" + e.name() + "': use lower-case letters, digits, '.', '_', '-'");
        if (BUILT_IN.contains(e.name())) throw new IllegalArgumentException("'" + e.name() + "' is a built-in runtime");
        if (!KINDS.contains(e.kind()))
            throw new IllegalArgumentException("unknown kind '" + e.kind() + "' (known: " + String.join(", ", KINDS) + ")");
        create(e); // the same checks as at use
        Files.createDirectories(dir);
        Properties p = new Properties();
        p.setProperty("kind", e.kind());
        e.options().forEach(p::setProperty);
        Path tmp = dir.resolve(e.name() + ".properties.tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            p.store(w, "binfarm runtime " + e.name());
        }
        Files.move(tmp, dir.resolve(e.name() + ".properties"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return e;
    }

    public List<Entry> list() throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(f -> f.toString().endsWith(".properties")).sorted().toList()) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(f)) {
                    p.load(r);
                }
                Map<String, String> opts = new TreeMap<>();
                for (String k : p.stringPropertyNames()) if (!k.equals("kind")) opts.put(k, p.getProperty(k));
                String name = f.getFileName().toString().replaceFirst("\\.properties$", "");
                out.add(new Entry(name, p.getProperty("kind", "?"), opts));
            }
        }
        return out;
    }

    public Optional<Entry> get(String name) throws IOException {
        return list().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The runtime an entry describes; IllegalArgumentException for a bad entry. */
    public static Runtime create(Entry e) {
        Map<String, String> o = e.options();
        for (String k : o.keySet()) {
            List<String> allowed = e.kind().equals(QemuLinuxRuntime.NAME) ? List.of("kernel") : List.of("image", "mode", "ports", "qemu", "variant", "memory");
            if (!allowed.contains(k)) throw new IllegalArgumentException("option '" + k + "' does not apply to " + e.kind());
        }
        return switch (e.kind()) {
            case QemuLinuxRuntime.NAME -> new QemuLinuxRuntime(e.name(), GuestKernel.defaultCache(),
                    o.containsKey("kernel") ? Path.of(o.get("kernel")).toAbsolutePath() : null, null);
            case QemuUnikraftRuntime.KIND -> {
                String image = o.get("image");
                if (image == null || image.isBlank()) throw new IllegalArgumentException("qemu-unikraft needs --image");
                QemuUnikraftRuntime.Mode mode = switch (o.getOrDefault("mode", "9p")) {
                    case "9p" -> QemuUnikraftRuntime.Mode.NINEP;
                    case "initrd" -> QemuUnikraftRuntime.Mode.INITRD;
                    default -> throw new IllegalArgumentException("mode must be 9p or initrd, not '" + o.get("mode") + "'");
                };
                List<Integer> ports = new ArrayList<>();
                for (String p : o.getOrDefault("ports", "").split(",")) {
                    if (p.isBlank()) continue;
                    try {
                        int n = Integer.parseInt(p.strip());
                        if (n < 1 || n > 65535) throw new NumberFormatException();
                        ports.add(n);
                    } catch (NumberFormatException x) {
                        throw new IllegalArgumentException("bad port '" + p + "'");
                    }
                }
                QemuUnikraftRuntime.Config c = QemuUnikraftRuntime.Config.of(e.name(), Path.of(image).toAbsolutePath(), mode);
                int memory;
                try {
                    memory = Integer.parseInt(o.getOrDefault("memory", String.valueOf(c.memoryMb())));
                } catch (NumberFormatException x) {
                    throw new IllegalArgumentException("bad memory '" + o.get("memory") + "' (MB)");
                }
                yield new QemuUnikraftRuntime(new QemuUnikraftRuntime.Config(c.name(), c.image(), c.mode(),
                        o.getOrDefault("qemu", c.qemu()), ports, c.bootLimit(), c.quiet(), c.exitGrace(),
                        o.getOrDefault("variant", c.variant()), memory));
            }
            default -> throw new IllegalArgumentException("unknown kind '" + e.kind() + "'");
        };
    }

}
