package dev.binfarm.emulator.sched;

/** Life of a {@link GuestThread}. */
public enum ThreadState { RUNNABLE, BLOCKED, EXITED }
