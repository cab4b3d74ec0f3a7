package dev.binfarm.worker.docker;

/** Whether a runtime can run cells here, and why not (for {@code farm runtime list}). */
public record Availability(boolean ok, String why) {
    public static final Availability OK = new Availability(true, "ok");

    public static Availability no(String why) { return new Availability(false, why); }
}
