/**
 * The guest's network: sockets as open files ({@link dev.binfarm.emulator.net.SocketFile}:
 * AF_INET/AF_INET6 over non-blocking host NIO channels on host loopback, AF_UNIX
 * entirely inside the emulator), the readiness files (epoll, eventfd, timerfd)
 * and the per-run {@link dev.binfarm.emulator.net.Net} that maps guest ports to
 * host loopback ports and confines outbound traffic to this machine.
 * The syscalls that marshal guest memory live in kernel/ (Sockets, Polling).
 */
package dev.binfarm.emulator.net;
