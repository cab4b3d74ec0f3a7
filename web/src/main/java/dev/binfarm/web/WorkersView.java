package dev.binfarm.web;

import java.time.Instant;
import java.util.List;

/** The cluster as the Workers page shows it; {@link QuartzWorkersView} reads Quartz's tables. */
public interface WorkersView {
    Snapshot snapshot();

    /** {@code note} explains an empty picture (e.g. no scheduler tables yet), else null. */
    record Snapshot(List<Node> nodes, List<Running> running, int queued, String note) {
        public Snapshot {
            nodes = List.copyOf(nodes);
            running = List.copyOf(running);
        }
    }

    /** A scheduler instance and when it last checked in. */
    record Node(String name, Instant lastCheckIn, long checkInIntervalMs) {
        /** Missed more than two check-ins: the cluster will take its work away. */
        public boolean stale(Instant now) {
            return lastCheckIn.plusMillis(2 * Math.max(checkInIntervalMs, 1000)).isBefore(now);
        }
    }

    /** A job executing on {@code node} since {@code fired}; {@code job} names the cell. */
    record Running(String node, String job, Instant fired) {}

    /** For a serve without a cluster. */
    static WorkersView none() {
        return () -> new Snapshot(List.of(), List.of(), 0, "no scheduler attached");
    }
}
