package dev.binfarm.catalog.spec;

import java.util.List;

/**
 * Redis-style line protocol: send each line (CRLF-terminated), then expect each
 * reply line in order (e.g. send {@code PING}, expect {@code +PONG}).
 */
public record RedisProbe(int port, List<String> send, List<String> expect) implements Probe {
    public RedisProbe {
        send = List.copyOf(send);
        expect = List.copyOf(expect);
    }
}
