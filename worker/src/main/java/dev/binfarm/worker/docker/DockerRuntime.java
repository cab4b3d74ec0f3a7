package dev.binfarm.worker.docker;

import dev.binfarm.worker.Availability;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ChangeLog;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.WaitResponse;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.binfarm.worker.RunOutcome;
import dev.binfarm.worker.RunRequest;
import dev.binfarm.worker.Runtime;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Runs a program in a fresh Docker container on the host kernel: the app's rootfs as an image
 * (no base image), no network unless the request names server ports. Profile "linux" is Docker's
 * default seccomp profile; any other profile is installed by {@link SeccompExec}, a generated shim
 * that filters itself and execs the app (see there why not Docker's seccomp option). What the program changed in its filesystem is copied back into the request's
 * rootfs so the judge sees produced files as with every other runtime. The container is always
 * removed, also on timeout and interrupt.
 */
public final class DockerRuntime implements Runtime {
    /** Every container this runtime makes carries this label (value: the creating JVM's pid). */
    public static final String LABEL = "dev.binfarm.runtime";
    /** The bridge server apps are attached to; upstream's redis.conf binds 172.44.0.2 (FACTS.md). */
    public static final String SERVER_NETWORK = "binfarm-servers";
    static final String SERVER_SUBNET = "172.44.0.0/24";
    static final String SERVER_GATEWAY = "172.44.0.1";
    static final String SERVER_ADDRESS = "172.44.0.2";
    static final long PIDS_LIMIT = 512;
    static final long NANO_CPUS = 1_000_000_000L;
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final java.util.concurrent.atomic.AtomicLong CONTAINERS = new java.util.concurrent.atomic.AtomicLong();

    private final DockerClient docker;
    private final ProfileResolver profiles;
    private final Availability availability;
    private final String version;
    private final RootfsImages images;
    /** The daemon's unix socket, for the stdin feed (null for a TCP daemon: stdin then unsupported). */
    private final Path socket;
    /** Server runs share one address and fixed host ports, so they take turns. */
    private final Semaphore serverSlot = new Semaphore(1, true);

    private DockerRuntime(DockerClient docker, DockerHttpClient http, Path socket, ProfileResolver profiles,
                          Availability availability, String version) {
        this.docker = docker;
        this.socket = socket;
        this.profiles = profiles;
        this.availability = availability;
        this.version = version;
        this.images = new RootfsImages(docker, http, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** The runtime for the local daemon (DOCKER_HOST or unix:///var/run/docker.sock); check {@link #available()}. */
    public static DockerRuntime detect(ProfileResolver profiles) {
        return detect(DefaultDockerClientConfig.createDefaultConfigBuilder().build(), profiles);
    }

    /** The runtime for the daemon at {@code dockerHost} ("unix:///var/run/docker.sock", "tcp://host:2375"). */
    public static DockerRuntime detect(String dockerHost, ProfileResolver profiles) {
        return detect(DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build(), profiles);
    }

    private static DockerRuntime detect(DefaultDockerClientConfig config, ProfileResolver profiles) {
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig()).maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofMinutes(10)).build();
        DockerClient docker = DockerClientImpl.getInstance(config, http);
        Path socket = "unix".equals(config.getDockerHost().getScheme()) ? Path.of(config.getDockerHost().getPath()) : null;
        try {
            docker.pingCmd().exec();
            String v = docker.versionCmd().exec().getVersion();
            return new DockerRuntime(docker, http, socket, profiles, Availability.OK, "docker-" + v);
        } catch (RuntimeException e) {
            return new DockerRuntime(docker, http, socket, profiles, Availability.no("no Docker daemon answers at " + config.getDockerHost()
                    + ": " + message(e) + " (start one with scripts/docker.sh: ensure_dockerd)"), "docker-unavailable");
        }
    }

    public Availability available() { return availability; }

    @Override public String kind() { return "docker"; }

    @Override public String name() { return "docker"; }

    @Override public String version() { return version; }

    DockerClient client() { return docker; }

    @Override
    public RunOutcome run(RunRequest request) throws InterruptedException {
        long t0 = System.nanoTime();
        if (!availability.ok()) return RunOutcome.failed(availability.why(), elapsed(t0));
        if (request.exe() != null) return RunOutcome.failed("the docker runtime runs programs from the rootfs only", elapsed(t0));
        byte[] shim = null; // "linux": Docker's own default seccomp profile only
        if (!ProfileResolver.LINUX.equals(request.profile())) {
            Optional<Set<String>> allowed = profiles.resolve(request.profile());
            if (allowed.isEmpty()) return RunOutcome.failed("unknown syscall profile '" + request.profile() + "'", elapsed(t0));
            shim = SeccompExec.elf(allowed.get());
        }
        if (request.stdin().length > 0 && socket == null)
            return RunOutcome.failed("standard input needs a daemon on a unix socket", elapsed(t0));
        boolean server = !request.ports().isEmpty();
        if (server) serverSlot.acquire();
        try {
            String image;
            try {
                image = images.ensure(request.rootfs());
                if (server) ensureServerNetwork();
            } catch (IOException | RuntimeException e) {
                return RunOutcome.failed("cannot prepare the image: " + message(e), elapsed(t0));
            }
            return runContainer(request, image, shim, server, t0);
        } finally {
            if (server) serverSlot.release();
        }
    }

    private RunOutcome runContainer(RunRequest request, String image, byte[] shim, boolean server, long t0)
            throws InterruptedException {
        boolean stdin = request.stdin().length > 0;
        HostConfig host = HostConfig.newHostConfig()
                .withMemory(request.maxMemoryBytes()).withMemorySwap(request.maxMemoryBytes())
                .withPidsLimit(PIDS_LIMIT).withNanoCPUs(NANO_CPUS)
                .withNetworkMode(server ? SERVER_NETWORK : "none");
        List<String> env = new ArrayList<>();
        request.env().forEach((k, v) -> env.add(k + "=" + v));
        CreateContainerCmd create = docker.createContainerCmd(image)
                .withCmd(shim == null ? request.argv() : withShim(request.argv())).withEntrypoint(List.<String>of())
                .withEnv(env).withWorkingDir(request.cwd())
                .withLabels(Map.of(LABEL, Long.toString(ProcessHandle.current().pid())))
                .withAttachStdin(stdin).withStdinOpen(stdin).withStdInOnce(stdin)
                .withAttachStdout(true).withAttachStderr(true).withTty(false)
                .withNetworkDisabled(!server)
                .withHostConfig(host);
        if (server) create.withIpv4Address(SERVER_ADDRESS);
        // Named, so it can be removed even when an interrupt cuts the create call short after the
        // daemon made the container (its id never reached us).
        String name = "binfarm-" + ProcessHandle.current().pid() + "-" + CONTAINERS.incrementAndGet();
        create.withName(name);
        String id = null;
        boolean interrupted = false;
        Output out = new Output(request.outputCap());
        StdinFeed feed = null;
        List<PortRelay> relays = new ArrayList<>();
        try {
            try {
                id = create.exec().getId();
                if (shim != null) images.putFile(id, SeccompExec.PATH, shim, 0755);
                docker.attachContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true).exec(out);
                out.awaitStarted(10, TimeUnit.SECONDS);
                if (stdin) feed = StdinFeed.attach(socket, id);
                docker.startContainerCmd(id).exec();
                if (stdin) feed.feed(request.stdin());
                if (server) for (int port : request.ports()) relays.add(PortRelay.start(SERVER_ADDRESS, port));
            } catch (IOException | RuntimeException e) {
                return RunOutcome.failed("cannot start the container: " + message(e), elapsed(t0));
            }
            ResultCallback.Adapter<WaitResponse> waiter = docker.waitContainerCmd(id).exec(new ResultCallback.Adapter<>());
            boolean ended = waiter.awaitCompletion(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                kill(id);
                out.awaitCompletion(2, TimeUnit.SECONDS);
                return RunOutcome.timedOut(out.stdout(), out.stderr(), elapsed(t0), 0, List.of());
            }
            out.awaitCompletion(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(id).exec().getState();
            Duration took = elapsed(t0);
            try {
                copyBack(id, request.rootfs());
            } catch (IOException | RuntimeException e) {
                return RunOutcome.failed("cannot copy the container's files back: " + message(e), took);
            }
            long code = state.getExitCodeLong() == null ? -1 : state.getExitCodeLong();
            if (Boolean.TRUE.equals(state.getOOMKilled()))
                return new RunOutcome(null, 9, false, null, out.stdout(), out.stderr(), took, 0, List.of(),
                        "killed by the kernel's OOM killer at the memory limit of " + request.maxMemoryBytes() + " bytes");
            if (code > 128 && code < 128 + 65)
                return new RunOutcome(null, (int) (code - 128), false, null, out.stdout(), out.stderr(), took, 0, List.of(),
                        "container exit status " + code + " (killed by signal " + (code - 128) + ")");
            boolean silent = out.stdout().length == 0 && out.stderr().length == 0;
            if (shim != null && silent && code == SeccompExec.EXIT_NO_FILTER)
                return RunOutcome.failed("the seccomp shim could not install profile '" + request.profile() + "'", took);
            if (shim != null && silent && code == SeccompExec.EXIT_NO_EXEC) // as Docker reports it without the shim
                return RunOutcome.failed("cannot execute " + request.argv().getFirst() + " in the container", took);
            if (code < 0 || code > 255)
                return RunOutcome.failed("container ended without an exit status (" + state.getError() + ")", took);
            return new RunOutcome((int) code, null, false, null, out.stdout(), out.stderr(), took, 0, List.of(), null);
        } catch (InterruptedException e) {
            interrupted = true;
            throw e;
        } catch (RuntimeException e) {
            return RunOutcome.failed("docker failed: " + message(e), elapsed(t0));
        } finally {
            // Clear the interrupt while cleaning up, so the removal itself is not cut short.
            interrupted |= Thread.interrupted();
            closeQuietly(out);
            for (PortRelay r : relays) r.close();
            if (feed != null) {
                try {
                    feed.close();
                } catch (IOException ignored) {
                    // the container is gone
                }
            }
            remove(id != null ? id : name);
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static List<String> withShim(List<String> argv) {
        List<String> all = new ArrayList<>(argv.size() + 1);
        all.add(SeccompExec.PATH);
        all.addAll(argv);
        return all;
    }

    private void kill(String id) {
        try {
            docker.killContainerCmd(id).exec();
        } catch (RuntimeException ignored) {
            // Already ended between the timeout and the kill; removal follows anyway.
        }
    }

    private void remove(String id) {
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException ignored) {
            // gone already
        } catch (com.github.dockerjava.api.exception.ConflictException e) {
            // "removal ... is already in progress" (a kill racing the removal): wait until it is done.
            if (!gone(id, 10_000)) System.err.println("binfarm docker: could not remove container " + id + ": " + message(e));
        } catch (RuntimeException e) {
            System.err.println("binfarm docker: could not remove container " + id + ": " + message(e));
        }
    }

    private boolean gone(String id, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            try {
                docker.inspectContainerCmd(id).exec();
                Thread.sleep(100);
            } catch (NotFoundException e) {
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (RuntimeException e) {
                return false;
            }
        }
        return false;
    }

    private synchronized void ensureServerNetwork() {
        List<Network> nets = docker.listNetworksCmd().withNameFilter(SERVER_NETWORK).exec();
        for (Network n : nets) if (SERVER_NETWORK.equals(n.getName())) return;
        docker.createNetworkCmd().withName(SERVER_NETWORK).withDriver("bridge")
                .withLabels(Map.of(LABEL, "network"))
                .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(SERVER_SUBNET).withGateway(SERVER_GATEWAY)))
                .exec();
    }

    /** Applies the container's filesystem changes (docker diff) to the host rootfs: adds, modifications, deletions. */
    private void copyBack(String id, Path rootfs) throws IOException {
        List<ChangeLog> changes = docker.containerDiffCmd(id).exec();
        if (changes == null || changes.isEmpty()) return;
        Path root = rootfs.toRealPath();
        List<ChangeLog> sorted = new ArrayList<>(changes);
        sorted.sort(Comparator.comparing(ChangeLog::getPath));
        for (ChangeLog c : sorted) {
            Path target = inside(root, c.getPath());
            if (target == null) continue;
            if (c.getKind() == 2) {
                deleteTree(target);
                continue;
            }
            if (c.getKind() == 0 && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) continue; // its children are listed
            try (InputStream in = docker.copyArchiveFromContainerCmd(id, c.getPath()).exec();
                 TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                Path base = target.getParent();
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    Path to = base.resolve(e.getName()).normalize();
                    if (!to.startsWith(root) || to.equals(root)) continue;
                    if (e.isDirectory()) {
                        if (!Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
                            deleteTree(to);
                            Files.createDirectories(to);
                        }
                    } else if (e.isSymbolicLink()) {
                        deleteTree(to);
                        Files.createSymbolicLink(to, Path.of(e.getLinkName()));
                    } else if (e.isFile()) {
                        if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(to)) deleteTree(to);
                        Files.createDirectories(to.getParent());
                        Files.copy(tar, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    } else {
                        continue;
                    }
                    if (!e.isSymbolicLink()) {
                        try {
                            Files.setPosixFilePermissions(to, perms(e.getMode()));
                        } catch (UnsupportedOperationException ignored) {
                            // not a POSIX file system: modes stay as created
                        }
                    }
                }
            } catch (NotFoundException gone) {
                // removed again after being listed: nothing to copy
            }
        }
    }

    private static Path inside(Path root, String path) {
        String rel = path.startsWith("/") ? path.substring(1) : path;
        if (rel.isEmpty()) return null;
        Path p = root.resolve(rel).normalize();
        return p.startsWith(root) && !p.equals(root) ? p : null;
    }

    private static Set<java.nio.file.attribute.PosixFilePermission> perms(int mode) {
        Set<java.nio.file.attribute.PosixFilePermission> s = java.util.EnumSet.noneOf(java.nio.file.attribute.PosixFilePermission.class);
        java.nio.file.attribute.PosixFilePermission[] all = java.nio.file.attribute.PosixFilePermission.values();
        for (int i = 0; i < 9; i++) if ((mode & (1 << (8 - i))) != 0) s.add(all[i]);
        return s;
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (var s = Files.list(p)) {
                for (Path c : s.toList()) deleteTree(c);
            }
        }
        Files.deleteIfExists(p);
    }

    private static void closeQuietly(Output out) {
        try {
            out.close();
        } catch (IOException ignored) {
            // the attach stream is gone with the container
        }
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip();
    }

    private static Duration elapsed(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** The attached streams, demultiplexed, each kept up to the cap. */
    static final class Output extends ResultCallback.Adapter<Frame> {
        private final int cap;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();

        Output(int cap) { this.cap = cap; }

        @Override
        public void onNext(Frame f) {
            ByteArrayOutputStream to = f.getStreamType() == StreamType.STDERR ? err : out;
            if (f.getStreamType() != StreamType.STDOUT && f.getStreamType() != StreamType.STDERR && f.getStreamType() != StreamType.RAW) return;
            synchronized (to) {
                int room = cap - to.size();
                if (room > 0) to.write(f.getPayload(), 0, Math.min(room, f.getPayload().length));
            }
        }

        byte[] stdout() { synchronized (out) { return out.toByteArray(); } }

        byte[] stderr() { synchronized (err) { return err.toByteArray(); } }
    }
}
