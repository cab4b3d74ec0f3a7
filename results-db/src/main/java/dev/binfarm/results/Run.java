package dev.binfarm.results;

import java.time.Instant;

/** One run of (part of) the matrix; {@code finished} is null while it runs. */
public record Run(long id, Trigger trigger, Instant started, Instant finished, String farmVersion, RunStatus status) {}
