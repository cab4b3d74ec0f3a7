package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.Guest;
import dev.binfarm.emulator.GuestOutcome;

/** Loads a {@link Guest} into a fresh address space and runs it to completion. */
public final class GuestRunner {
    private GuestRunner() { }

    public static GuestOutcome run(Guest guest) {
        throw new UnsupportedOperationException("kernel not written yet");
    }
}
