package dev.binfarm.results;

/**
 * What an explore campaign learned about one syscall of one app under one workload: whether
 * the app still works when the syscall is stubbed (-ENOSYS) or faked (success); null = not tried.
 */
public record Exploration(long app, String workload, String syscall, Boolean worksStubbed, Boolean worksFaked) {}
