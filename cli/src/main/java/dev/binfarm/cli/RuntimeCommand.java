package dev.binfarm.cli;

import dev.binfarm.worker.Availability;
import dev.binfarm.worker.FarmRuntimes;
import dev.binfarm.worker.Runtime;
import dev.binfarm.worker.Runtimes;
import dev.binfarm.worker.qemu.QemuLinuxRuntime;
import dev.binfarm.worker.qemu.RuntimeRegistry;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code farm runtime}: the runtimes cells can run on, built in and configured ({@code <home>/runtimes/}). */
@Command(name = "runtime", mixinStandardHelpOptions = true,
        description = {"Runtimes: where cells run. Built in: emulator, docker, qemu-linux;",
                "add qemu-unikraft images (or qemu-linux with another kernel) with 'farm runtime add'."},
        subcommands = {RuntimeCommand.Add.class, RuntimeCommand.List.class})
final class RuntimeCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Configure a QEMU runtime (replaces one of the same name).")
    static final class Add implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Parameters(index = "0", paramLabel = "NAME", description = "Runtime name cells use: lower-case letters, digits, '.', '_', '-'.")
        String name;

        @CommandLine.Option(names = "--kind", required = true, paramLabel = "KIND", description = "qemu-unikraft or qemu-linux.")
        String kind;

        @CommandLine.Option(names = "--image", paramLabel = "PATH", description = "qemu-unikraft: the Unikraft app-elfloader kernel image.")
        String image;

        @CommandLine.Option(names = "--mode", paramLabel = "MODE", description = "qemu-unikraft: 9p (share the rootfs, tag fs1; default) or initrd (the static ELF).")
        String mode;

        @CommandLine.Option(names = "--variant", paramLabel = "V", description = "qemu-unikraft: strace (default), debug or plain: what the image prints.")
        String variant;

        @CommandLine.Option(names = "--memory", paramLabel = "MB", description = "qemu-unikraft: guest memory in MB (default 1024).")
        Integer memory;

        @CommandLine.Option(names = "--port", paramLabel = "N", description = "qemu-unikraft: TCP port forwarded from 127.0.0.1 to the guest (servers); repeatable.")
        java.util.List<Integer> ports = new ArrayList<>();

        @CommandLine.Option(names = "--qemu", paramLabel = "BIN", description = "qemu-unikraft: the QEMU binary (default qemu-system-x86_64).")
        String qemu;

        @CommandLine.Option(names = "--kernel", paramLabel = "PATH", description = "qemu-linux: a kernel image instead of Debian's linux-image-cloud-amd64.")
        String kernel;

        @Override
        public Integer call() throws Exception {
            Map<String, String> opts = new LinkedHashMap<>();
            if (image != null) opts.put("image", image);
            if (mode != null) opts.put("mode", mode);
            if (variant != null) opts.put("variant", variant);
            if (memory != null) opts.put("memory", String.valueOf(memory));
            if (!ports.isEmpty()) opts.put("ports", String.join(",", ports.stream().map(String::valueOf).toList()));
            if (qemu != null) opts.put("qemu", qemu);
            if (kernel != null) opts.put("kernel", kernel);
            RuntimeRegistry.Entry e;
            try {
                e = new RuntimeRegistry(FarmHome.of(spec).dir()).add(new RuntimeRegistry.Entry(name, kind, opts));
            } catch (IllegalArgumentException x) {
                throw new UserError(x.getMessage());
            }
            Availability a = RuntimeRegistry.create(e).available();
            PrintWriter out = spec.commandLine().getOut();
            out.printf("registered runtime %s (%s)%s%n", e.name(), e.kind(), a.ok() ? "" : "; not available: " + a.why());
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List runtimes, whether they can run here, and why not.")
    static final class List implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Table t = new Table("NAME", "KIND", "AVAILABLE", "DETAIL");
            try (FarmHome home = FarmHome.of(spec)) {
                Runtimes runtimes = FarmRuntimes.of(FarmVersion.VERSION, home.database(), home.dir());
                for (String name : runtimes.names()) {
                    Runtime r = runtimes.get(name).orElseThrow();
                    Availability a = r.available();
                    t.row(name, r.kind(), a.ok() ? "yes" : "no", a.why());
                }
            }
            t.print(spec.commandLine().getOut());
            return 0;
        }
    }
}
