package dev.binfarm.catalog;

/** A catalog operation that failed for a reason the user can act on; the message is one line. */
public final class CatalogException extends Exception {
    public CatalogException(String message) {
        super(message.replaceAll("\\s*\\R\\s*", " "), null, false, false);
    }
}
