package dev.binfarm.worker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a server run's ports are reached from the worker: 127.0.0.1 at the
 * same port for runtimes that publish them as they are (docker, qemu), or at
 * the host port the runtime reports as the guest starts listening (the
 * emulator maps every guest port to an ephemeral host loopback port, so
 * parallel cells never collide).
 */
public final class ServerPorts {
    private final Map<Integer, Integer> hostPorts = new ConcurrentHashMap<>();
    private volatile boolean mapped;

    /** The runtime reports its own mapping: a port is reachable only once {@link #listening} named it. */
    public void mapped() { mapped = true; }

    /** The guest listens on {@code guestPort}; the worker reaches it at 127.0.0.1:{@code hostPort}. */
    public void listening(int guestPort, int hostPort) { hostPorts.put(guestPort, hostPort); }

    /** The host port for {@code guestPort}, or -1 when a mapping runtime has not reported it yet. */
    public int host(int guestPort) {
        Integer p = hostPorts.get(guestPort);
        if (p != null) return p;
        return mapped ? -1 : guestPort;
    }
}
