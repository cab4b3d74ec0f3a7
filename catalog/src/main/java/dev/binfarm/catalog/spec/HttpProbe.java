package dev.binfarm.catalog.spec;

/** An HTTP request answered with the given status and, when set, a body containing the text. */
public record HttpProbe(int port, String method, String path, int status, String bodyContains) implements Probe { }
