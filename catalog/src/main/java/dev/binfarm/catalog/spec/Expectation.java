package dev.binfarm.catalog.spec;

import java.util.List;

/**
 * What a finished run must show. A run that is killed by a signal or times out
 * never passes, whatever the checks below say.
 *
 * @param exit   required exit status, or null for "any status, as long as it exits"
 * @param stdout check on standard output, or null
 * @param stderr check on standard error, or null
 * @param files  files the run must have produced (or left), with content checks
 */
public record Expectation(Integer exit, OutputCheck stdout, OutputCheck stderr, List<FileCheck> files) {
    /** Exits by itself, any status. */
    public static final Expectation NO_CRASH = new Expectation(null, null, null, List.of());

    public Expectation {
        files = List.copyOf(files);
    }
}
