package dev.binfarm.orchestrator;

/**
 * How a cell compares with its previous run when an input changed (ARCHITECTURE.md
 * "Regression"). BROKEN: it got worse, but the native reference runtime fails the same app in
 * the same run too, so the app is broken rather than the layer under test.
 */
public enum Trend {
    REGRESSION, FIXED, BROKEN;

    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }

    static Trend of(String label) {
        return label == null ? null : valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }
}
