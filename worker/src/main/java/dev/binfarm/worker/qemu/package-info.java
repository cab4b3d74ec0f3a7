/**
 * The QEMU runtimes (issue 9).
 *
 * <ul>
 *   <li>{@link dev.binfarm.worker.qemu.QemuLinuxRuntime} ({@code qemu-linux}, built in): Debian's
 *   linux-image-cloud-amd64 kernel (fetched once with {@code apt-get download} + {@code dpkg-deb -x}
 *   into {@code $BINFARM_CACHE} or {@code ~/.cache/binfarm/kernel}; {@code --kernel} overrides) boots a
 *   gzip cpio initramfs generated per run ({@code Cpio}): static busybox (busybox-static, cached
 *   likewise), the app's rootfs under {@code /app}, stdin as a file, and an {@code /init} that chroots
 *   into {@code /app}, runs argv with exactly the request's env and cwd, and reports exit status, stdout,
 *   stderr, the files the app wrote and those it deleted, base64-framed between lines carrying a
 *   per-run random marker ({@code LinuxConsole}). Initramfs entries keep the rootfs's mtimes (gzip
 *   refuses files dated 0). A server (request with ports) also gets the kernel package's virtio-net
 *   modules, a restricted user-mode network 172.44.0.0/24 as 172.44.0.2 (what redis.conf binds),
 *   a QEMU host forward per port from a free loopback port, and a relay on 127.0.0.1:port opened
 *   only when the init script sees the ports listening in /proc/net/tcp{,6}. KVM is probed once (8 s boot; it hangs on this machine) and TCG
 *   ({@code -cpu max}) used otherwise; the accelerator is part of {@code version()}.</li>
 *   <li>{@link dev.binfarm.worker.qemu.QemuUnikraftRuntime} ({@code qemu-unikraft}, added by name): a
 *   Unikraft app-elfloader image with FACTS.md's command line; {@code UnikraftConsole} parses the console
 *   (banner/version, strace and debug syscall lines, app output, crashes) and decides the end of a run.</li>
 *   <li>{@link dev.binfarm.worker.qemu.RuntimeRegistry}: {@code farm runtime add} writes
 *   {@code <home>/runtimes/<name>.properties} (kind + options); a file rather than a DB table because
 *   it is host configuration (paths on this machine), so there is no migration V20.</li>
 * </ul>
 *
 * Hook for {@code Runtimes}: {@code Runtimes.standard(v).with(QemuLinuxRuntime.detect())}, plus
 * {@code RuntimeRegistry.create(e)} for each entry of {@code new RuntimeRegistry(home).list()}.
 */
package dev.binfarm.worker.qemu;
