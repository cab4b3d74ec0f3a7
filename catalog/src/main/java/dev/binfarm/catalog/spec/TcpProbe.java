package dev.binfarm.catalog.spec;

/** The port accepts a TCP connection. */
public record TcpProbe(int port) implements Probe { }
