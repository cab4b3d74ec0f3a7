package dev.binfarm.cli;

/** The farm's version, recorded with every run so results can be tied to the farm that made them. */
public final class FarmVersion {
    public static final String VERSION = "0.1.0-SNAPSHOT";

    private FarmVersion() { }
}
