package dev.binfarm.catalog.spec;

/**
 * A spec file that cannot be used. The message names the file, the line and the
 * field: {@code binfarm.yaml:12: apps.sqlite3.expect.stdout: unknown key 'contians' (did you mean 'contains'?)}.
 */
public final class SpecException extends Exception {
    private final String file;
    private final int line;
    private final String field;

    public SpecException(String file, int line, String field, String problem) {
        super(file + ":" + line + ": " + (field.isEmpty() ? "" : field + ": ") + problem, null, false, false);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    public String file() { return file; }

    /** 1-based line number. */
    public int line() { return line; }

    /** Dotted path of the offending field, e.g. {@code apps.bc.timeout}; empty for the whole file. */
    public String field() { return field; }
}
