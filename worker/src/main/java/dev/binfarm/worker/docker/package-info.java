/**
 * The Docker runtime (issue 9): apps run in containers on the host kernel.
 *
 * <ul>
 *   <li>{@link dev.binfarm.worker.docker.DockerRuntime}: one fresh container per run, always removed
 *   (finally, also on timeout and interrupt); containers carry the label
 *   {@value dev.binfarm.worker.docker.DockerRuntime#LABEL} = the JVM's pid. Limits: memory (no swap)
 *   from the request, 512 pids, one CPU. No network, except for requests naming server ports: those
 *   join the bridge {@value dev.binfarm.worker.docker.DockerRuntime#SERVER_NETWORK} (172.44.0.0/24)
 *   at 172.44.0.2, the address upstream's redis.conf binds, and each port is relayed from
 *   127.0.0.1 at the same number once the server listens (PortRelay; the worker's probes connect
 *   to 127.0.0.1:port). Server runs therefore take turns. Exit status 128+N is reported as signal N; an OOM kill as signal 9.
 *   Files the program created, changed or deleted are copied back to the request's rootfs
 *   (docker diff + archive) so the judge's file checks work as with the emulator.</li>
 *   <li>RootfsImages: one image per distinct rootfs, a tar built in Java (files, dirs, symlinks,
 *   modes; no base image) imported as {@code binfarm-rootfs:<sha256 of a canonical listing>}; cached
 *   in the daemon, never pulled.</li>
 *   <li>{@link dev.binfarm.worker.docker.SeccompExec}: profile "linux" is Docker's default seccomp
 *   profile; any other profile is enforced by a generated static shim that installs the profile as
 *   a seccomp filter (denied calls: ENOSYS) and execs the app, so runc's own start-up calls are not
 *   charged to the profile. execve is allowed in every profile (the shim needs it).</li>
 *   <li>{@link dev.binfarm.worker.docker.ProfileResolver}: profile name to syscall names (Loupe lists,
 *   fixed sets, or the farm database through the worker's SyscallProfiles).</li>
 * </ul>
 *
 * The daemon comes from {@code scripts/docker.sh} ({@code ensure_dockerd}, called by {@code ./test});
 * without one, {@link dev.binfarm.worker.docker.DockerRuntime#available()} says why and the tests skip
 * with that reason.
 */
package dev.binfarm.worker.docker;
