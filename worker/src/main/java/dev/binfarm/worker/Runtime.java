package dev.binfarm.worker;

/**
 * Something that runs an app's program in its rootfs and reports what happened
 * (ARCHITECTURE.md "The Runtime SPI"). A runtime never judges: the worker judges
 * every runtime's outcome against the spec alike. Implementations must be safe to
 * call from several threads at once and must report, not throw, guest and
 * infrastructure failures (in {@link RunOutcome#error()}).
 */
public interface Runtime {
    /** emulator, qemu or docker. */
    String kind();

    /** The name cells use to pick it ("emulator"). */
    String name();

    /** What produced a result: a farm version, an image digest. A new version is a new runtime row. */
    String version();

    /** Whether it can run cells on this machine; runtimes with requirements (a daemon, QEMU) override this. */
    default Availability available() { return Availability.OK; }

    /** Runs the request to its end (exit, signal, timeout or error); interrupts end it early. */
    RunOutcome run(RunRequest request) throws InterruptedException;

    /**
     * A server run: as {@link #run(RunRequest)}, telling {@code ports} where
     * the worker reaches the ports the program listens on (by default the same
     * ports on 127.0.0.1).
     */
    default RunOutcome run(RunRequest request, ServerPorts ports) throws InterruptedException {
        return run(request);
    }
}
