package dev.binfarm.results;

/**
 * One square of the matrix, stable across runs and catalog revisions: an app (by name in
 * its catalog) on a runtime version under a profile.
 */
public record Cell(long catalog, String app, long runtime, long profile) {}
