package dev.binfarm.results;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of one cell in one run, as a worker reports it. {@code exitCode} and
 * {@code signal} are null when they do not apply; stdout/stderr are bounded on write.
 */
public record NewResult(long run, long app, long runtime, long profile, ResultStatus status, Integer exitCode,
                        Integer signal, long durationMs, Long instructions, String stdout, String stderr, String crash,
                        String worker, Instant started, Instant finished) {
    public NewResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(finished, "finished");
    }
}
