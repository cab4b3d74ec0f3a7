package dev.binfarm.worker.qemu;

/** Whether a runtime can run here, and if not why (shown by {@code farm runtime list}). */
public record Availability(boolean ok, String why) {
    public static Availability yes(String note) { return new Availability(true, note); }

    public static Availability no(String why) { return new Availability(false, why); }
}
