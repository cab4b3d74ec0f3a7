package dev.binfarm.orchestrator;

/** How a cell compares with its previous run when an input changed (ARCHITECTURE.md "Regression"). */
public enum Trend {
    REGRESSION, FIXED;

    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }

    static Trend of(String label) {
        return label == null ? null : valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }
}
