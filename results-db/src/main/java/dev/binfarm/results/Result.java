package dev.binfarm.results;

import java.time.Instant;

/** A stored result; {@link #cell()} names the matrix square it belongs to. */
public record Result(long id, long run, long app, long catalog, String appName, long runtime, long profile,
                     ResultStatus status, Integer exitCode, Integer signal, long durationMs, Long instructions,
                     String stdout, String stderr, String crash, String worker, Instant started, Instant finished) {
    public Cell cell() {
        return new Cell(catalog, appName, runtime, profile);
    }
}
