package dev.binfarm.web;

import java.util.Objects;

/**
 * A rerun as the form or API client asked for it. {@code catalog}, {@code runtime} (a runtime
 * name, e.g. unikraft-elfloader) and {@code profile} (a profile name) may be null: any.
 */
public record RerunRequest(String catalog, String app, String runtime, String profile) {
    public RerunRequest {
        Objects.requireNonNull(app, "app");
    }
}
