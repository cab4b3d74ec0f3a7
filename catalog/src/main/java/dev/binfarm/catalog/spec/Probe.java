package dev.binfarm.catalog.spec;

/** A check made from outside against a running server app, on one of its TCP ports. */
public sealed interface Probe permits TcpProbe, HttpProbe, RedisProbe {
    int port();
}
