package dev.binfarm.web;

import dev.binfarm.results.Database;
import java.util.Objects;

/**
 * What {@code farm serve} hands the dashboard. {@code port} 0 picks a free port;
 * {@code token} guards reruns (null or blank: reruns are refused altogether).
 */
public record WebConfig(int port, Database db, RerunService rerun, String token, WorkersView workers) {
    public WebConfig {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(rerun, "rerun");
        Objects.requireNonNull(workers, "workers");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    }
}
