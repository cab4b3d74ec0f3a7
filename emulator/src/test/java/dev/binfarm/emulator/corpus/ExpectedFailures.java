package dev.binfarm.emulator.corpus;

import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * THE list of corpus cases that cannot pass yet, each with what it waits for. This is the only
 * place a corpus or catalog case may be skipped for an emulator gap; the list must shrink, and an entry
 * whose case passes is reported so it gets removed. Keys are {@code program/libc} or {@code program/*}
 * for the corpus, {@code strace:program/...} (or {@code strace:*}{@code /libc}) for its syscall sequences, {@code catalog-strace:app} for
 * the catalog apps' syscall sequences.
 */
final class ExpectedFailures {
    private static final Map<String, String> WAITING = Map.ofEntries(
            Map.entry("long_double_math/*", "h/x87: transcendental results 1 ulp off the host CPU's:"
                    + " fyl2x(ln2, 3.0) host 0x8.c9f53d5681854bcp-3 vs ...bbp-3, fyl2x(lg2, pi+1) host ...b3bp-4 vs ...b3ap-4,"
                    + " fpatan(-7.25, 1.0) host -0xb.784783a1aff5e6ap-3 vs ...e6bp-3 (logl, log10l, atanl)")
    );

    private ExpectedFailures() { }

    static String reason(String program, Libc libc) {
        String r = WAITING.get(program + "/" + libc.label());
        if (r == null && program.startsWith("strace:")) r = WAITING.get("strace:*/" + libc.label());
        return r != null ? r : WAITING.get(program + "/*");
    }

    /** Skips a case whose emulator failure is already on the list; a listed case that passed is flagged. */
    static void skipIfListed(String program, Libc libc, boolean passed, String failure) {
        skipIfListed(program + "/" + libc.label(), reason(program, libc), passed, failure);
    }

    /** The same for a case keyed by name alone (catalog apps). */
    static void skipIfListed(String key, boolean passed, String failure) {
        skipIfListed(key, WAITING.get(key), passed, failure);
    }

    private static void skipIfListed(String key, String reason, boolean passed, String failure) {
        if (reason == null) return;
        if (passed) System.err.println("NOTE: " + key + " passes now; remove it from ExpectedFailures");
        else Assumptions.abort("waiting for: " + reason + " (" + failure + ")");
    }

    /** The whole emulator is not there yet (GuestRunner still the skeleton's stub). */
    static void skipIfEmulatorMissing(UnsupportedOperationException e) {
        Assumptions.abort("waiting for: the emulator's GuestRunner (h/kernel): " + e.getMessage());
    }
}
