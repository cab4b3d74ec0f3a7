package dev.binfarm.results;

/** Lifecycle of a run: RUNNING until finished; ABORTED when it was stopped or its orchestrator died. */
public enum RunStatus { RUNNING, FINISHED, ABORTED }
