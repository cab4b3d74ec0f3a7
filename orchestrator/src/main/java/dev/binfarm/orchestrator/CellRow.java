package dev.binfarm.orchestrator;

import dev.binfarm.results.ResultStatus;

/** One recorded cell of a run as the matrix shows it; {@code trend} is null when unchanged. */
public record CellRow(long result, String catalog, String app, String runtime, String runtimeVersion, String profile,
                      ResultStatus status, String reason, Trend trend, int attempts, String worker, long durationMs,
                      Integer exitCode) {
    public boolean regression() { return trend == Trend.REGRESSION; }
}
