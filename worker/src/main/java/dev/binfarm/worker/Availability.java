package dev.binfarm.worker;

/** Whether a runtime can run cells here, and if not why (shown by {@code farm runtime list}). */
public record Availability(boolean ok, String why) {
    public static final Availability OK = new Availability(true, "ok");

    public static Availability yes(String note) { return new Availability(true, note); }

    public static Availability no(String why) { return new Availability(false, why); }
}
