package dev.binfarm.results;

import java.time.Instant;

/** A registered catalog; {@code currentRevision} is null until its first successful sync. */
public record Catalog(long id, String name, String url, String branch, boolean builtin, Instant created,
                      Long currentRevision) {}
