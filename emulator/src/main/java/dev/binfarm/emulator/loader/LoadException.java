package dev.binfarm.emulator.loader;

/** The program cannot be started; the message is one line for the user. */
public final class LoadException extends Exception {
    public LoadException(String message) {
        super(message, null, false, false);
    }
}
