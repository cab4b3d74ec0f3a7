package dev.binfarm.catalog.importer;

/** An import the user can fix (missing file, not an ELF, unresolvable library): one line, nothing written. */
public final class ImportException extends Exception {
    public ImportException(String message) {
        super(message, null, false, false);
    }
}
