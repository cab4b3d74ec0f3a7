package dev.binfarm.results;

/** A row with the same unique key already exists (e.g. a catalog name). */
public final class DuplicateException extends StoreException {
    public DuplicateException(String message) {
        super(message);
    }
}
