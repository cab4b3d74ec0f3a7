package dev.binfarm.orchestrator;

/** A run could not be planned or carried out (unknown catalog or runtime, store down); the message is for users. */
public final class OrchestratorException extends Exception {
    public OrchestratorException(String message) {
        super(message);
    }

    public OrchestratorException(String message, Throwable cause) {
        super(message, cause);
    }
}
