package dev.binfarm.catalog.spec;

/** What the app reads on standard input: literal text, or a file inside the app's filesystem. */
public record Stdin(String text, String file) {
    public static final Stdin EMPTY = new Stdin("", null);

    public Stdin {
        if ((text == null) == (file == null)) throw new IllegalArgumentException("stdin is either text or a file");
    }

    public static Stdin text(String text) { return new Stdin(text, null); }

    public static Stdin file(String path) { return new Stdin(null, path); }

    public boolean isFile() { return file != null; }
}
