package dev.binfarm.results;

/** The store could not do what was asked (unreachable, corrupt, constraint violated). */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
