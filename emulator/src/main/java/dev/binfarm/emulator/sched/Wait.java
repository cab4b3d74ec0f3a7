package dev.binfarm.emulator.sched;

import java.nio.channels.SelectableChannel;

/**
 * What a parked guest thread waits for. A syscall handler that cannot complete
 * now does {@code throw new Blocked(wait)} (or {@code throw k.block(wait)});
 * the kernel rewinds RIP to the SYSCALL instruction and parks the thread. The
 * scheduler re-checks {@link #ready()} of every blocked thread whenever it picks
 * the next thread to run (cost: one call per blocked thread per switch, and per
 * slice of about {@link Scheduler#QUANTUM} instructions), so in-emulator events
 * (a pipe write, a futex wake, an eventfd write) need no notification: they
 * just change the state {@code ready()} reads. When the thread runs again the
 * syscall is re-executed with {@link GuestThread#resume} saying why.
 */
public interface Wait {
    /** True when the call can now complete (re-checked by the scheduler; must not touch guest memory). */
    boolean ready();

    /** When the wait times out, on the guest's CLOCK_MONOTONIC in nanoseconds; {@link Long#MAX_VALUE} = never. */
    default long deadlineNanos() { return Long.MAX_VALUE; }

    /**
     * A host channel whose readiness may end the wait (sockets), or null. When
     * every thread is blocked the scheduler registers all of them with one
     * {@link java.nio.channels.Selector} and selects until one is ready or the
     * earliest deadline passes. The channel must be in non-blocking mode.
     */
    default SelectableChannel channel() { return null; }

    /** {@link java.nio.channels.SelectionKey} interest ops for {@link #channel()}. */
    default int ops() { return 0; }

    /**
     * Registers further host channels (poll, select and epoll wait on many
     * sockets at once) with the scheduler's selector; such a wait overrides
     * {@link #external()} to say so.
     */
    default void register(java.nio.channels.Selector selector) throws java.nio.channels.ClosedChannelException { }

    /**
     * True when the wait can end by something outside the guest that is not a
     * channel (a host pump thread filling stdin, which calls
     * {@link Scheduler#wakeup()}): the scheduler then sleeps instead of
     * declaring a deadlock.
     */
    default boolean external() { return channel() != null; }

    /** The thread stops waiting without being woken (timed out or interrupted): leave wait queues. */
    default void cancel() { }

    /** For the deadlock report: what the thread waits for, e.g. "futex 0x7f00..". */
    default String describe() { return getClass().getSimpleName(); }
}
