package dev.binfarm.worker;

import dev.binfarm.results.ResultStatus;

/** A status and, unless PASS, why. */
record Verdict(ResultStatus status, String reason) {
    static final Verdict PASS = new Verdict(ResultStatus.PASS, null);

    static Verdict fail(String reason) { return new Verdict(ResultStatus.FAIL, reason); }

    static Verdict error(String reason) { return new Verdict(ResultStatus.ERROR, reason); }

    static Verdict skipped(String reason) { return new Verdict(ResultStatus.SKIPPED, reason); }
}
