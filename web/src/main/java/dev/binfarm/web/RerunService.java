package dev.binfarm.web;

/** Starts a rerun; implemented by the orchestrator (the web module only asks). */
public interface RerunService {
    /**
     * Reruns {@code request.app()} (on one runtime/profile when given, else on all its
     * columns) and returns the id of the run that carries it. Throws
     * {@link IllegalArgumentException} for an unknown app, runtime or profile.
     */
    long rerun(RerunRequest request);
}
