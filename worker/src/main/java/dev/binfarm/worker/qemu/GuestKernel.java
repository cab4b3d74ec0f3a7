package dev.binfarm.worker.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The host files a qemu-linux guest boots from: Debian's cloud kernel and a static busybox,
 * fetched once with {@code apt-get download} + {@code dpkg-deb -x} (nothing is installed)
 * into a cache dir and reused. The cloud kernel has what a batch guest needs built in
 * (8250 serial console, gzip initrd, devtmpfs, proc, sysfs, ACPI poweroff, CMOS clock). It has no
 * network card driver built in, so a server guest gets the virtio-net modules
 * ({@link #NET_MODULES}) from the same kernel package, loaded by its init with busybox insmod.
 */
final class GuestKernel {
    static final String KERNEL_META = "linux-image-cloud-amd64";
    static final String BUSYBOX_PACKAGE = "busybox-static";

    /** virtio-net and what it depends on, in load order (from the modules' depends= fields; the package is uncompressed). */
    static final List<String> NET_MODULES = List.of("virtio_ring", "virtio", "virtio_pci_modern_dev", "virtio_pci_legacy_dev",
            "virtio_pci", "failover", "net_failover", "virtio_net");

    private GuestKernel() { }

    /**
     * The NIC modules for {@code kernel} (a {@code vmlinuz-VERSION} from Debian) in
     * {@code cache/kernel/modules-VERSION/}, in {@link #NET_MODULES} order; fetched from
     * linux-image-VERSION on first use.
     */
    static synchronized List<Path> netModules(Path cache, Path kernel) throws IOException, InterruptedException {
        String file = kernel.getFileName().toString();
        if (!file.startsWith("vmlinuz-")) throw new IOException("cannot tell the version of kernel " + kernel + " to find its network modules");
        String version = file.substring("vmlinuz-".length());
        Path dir = cache.resolve("kernel").resolve("modules-" + version);
        if (!hasModules(dir)) {
            Path extracted = fetch("linux-image-" + version, cache.resolve("kernel"));
            try {
                saveModules(extracted, version, cache.resolve("kernel"));
            } finally {
                deleteTree(extracted);
            }
        }
        return NET_MODULES.stream().map(m -> dir.resolve(m + ".ko")).toList();
    }

    private static boolean hasModules(Path dir) {
        return NET_MODULES.stream().allMatch(m -> Files.isRegularFile(dir.resolve(m + ".ko")));
    }

    // Copies NET_MODULES out of an unpacked kernel package into kernelDir/modules-VERSION.
    private static void saveModules(Path extracted, String version, Path kernelDir) throws IOException {
        Path dir = kernelDir.resolve("modules-" + version);
        Path tmp = Files.createTempDirectory(kernelDir, "modules-");
        try {
            Path from = extracted.resolve("x/lib/modules/" + version);
            if (Files.isDirectory(from)) {
                try (Stream<Path> s = Files.walk(from)) {
                    for (Path ko : s.filter(p -> p.toString().endsWith(".ko")
                            && NET_MODULES.contains(p.getFileName().toString().replaceFirst("\\.ko$", ""))).toList()) {
                        Files.copy(ko, tmp.resolve(ko.getFileName().toString()));
                    }
                }
            }
            for (String m : NET_MODULES) {
                if (!Files.isRegularFile(tmp.resolve(m + ".ko"))) throw new IOException("linux-image-" + version + " holds no " + m + ".ko");
            }
            deleteTree(dir);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(tmp);
        }
    }

    /** The default cache: {@code $BINFARM_CACHE} or {@code ~/.cache/binfarm}. */
    static Path defaultCache() {
        String env = System.getenv("BINFARM_CACHE");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".cache", "binfarm");
    }

    /** The kernel image in {@code cache/kernel}, downloaded on first use. */
    static synchronized Path kernel(Path cache) throws IOException, InterruptedException {
        Path dir = cache.resolve("kernel");
        Path found = find(dir, "vmlinuz-");
        if (found != null) return found;
        String pkg = kernelPackage();
        Path extracted = fetch(pkg, dir);
        Path k = find(extracted.resolve("x/boot"), "vmlinuz-");
        if (k == null) throw new IOException(pkg + " holds no boot/vmlinuz-*");
        Path to = dir.resolve(k.getFileName().toString());
        try {
            // The same package has the network modules a server guest needs: keep them now, one download.
            saveModules(extracted, k.getFileName().toString().substring("vmlinuz-".length()), dir);
        } catch (IOException e) {
            // fetched again by netModules() when a server needs them, and reported there
        }
        Files.move(k, to, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(extracted);
        return to;
    }

    /** A static busybox in {@code cache/busybox}, from the busybox-static package. */
    static synchronized Path busybox(Path cache) throws IOException, InterruptedException {
        Path dir = cache.resolve("busybox");
        Path bb = dir.resolve("busybox");
        if (Files.isRegularFile(bb)) return bb;
        Path extracted = fetch(BUSYBOX_PACKAGE, dir);
        Path got = extracted.resolve("x/bin/busybox");
        if (!Files.isRegularFile(got)) throw new IOException(BUSYBOX_PACKAGE + " holds no bin/busybox");
        Files.move(got, bb, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(extracted);
        return bb;
    }

    /** linux-image-cloud-amd64 is a meta package: the real one is its linux-image-* dependency. */
    static String kernelPackage() throws IOException, InterruptedException {
        String deps = run(List.of("apt-cache", "depends", KERNEL_META), null);
        for (String line : deps.split("\n")) {
            String t = line.strip();
            if (t.startsWith("Depends: linux-image-")) return t.substring("Depends: ".length()).strip();
        }
        throw new IOException("apt-cache names no kernel package for " + KERNEL_META + ":\n" + deps);
    }

    // Downloads and unpacks one package into a fresh dir inside dir; returns that dir.
    private static Path fetch(String pkg, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempDirectory(dir, "fetch-");
        try {
            run(List.of("apt-get", "download", "-q", pkg), tmp);
            Path deb;
            try (Stream<Path> s = Files.list(tmp)) {
                deb = s.filter(p -> p.toString().endsWith(".deb")).findFirst()
                        .orElseThrow(() -> new IOException("apt-get download " + pkg + " produced no .deb"));
            }
            Path x = tmp.resolve("x");
            run(List.of("dpkg-deb", "-x", deb.toString(), x.toString()), tmp);
            Files.delete(deb);
            return tmp;
        } catch (IOException | InterruptedException | RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
    }

    private static Path find(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) return null;
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix) && Files.isRegularFile(p)).findFirst().orElse(null);
        }
    }

    static String run(List<String> cmd, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) pb.directory(dir.toFile());
        Process p = pb.start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(300, TimeUnit.SECONDS)) throw new IOException(String.join(" ", cmd) + " did not finish");
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + text.strip());
            return text;
        } finally {
            p.destroyForcibly();
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort: a leftover is reported by the tests that look for them
        }
    }
}
