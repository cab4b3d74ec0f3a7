package dev.binfarm.results;

/** Why a run started. */
public enum Trigger {
    NIGHTLY, MANUAL, CI, RERUN, EXPLORE;

    /** The stored and displayed name: nightly, manual, ci, rerun, explore. */
    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static Trigger of(String label) { return valueOf(label.toUpperCase(java.util.Locale.ROOT)); }
}
