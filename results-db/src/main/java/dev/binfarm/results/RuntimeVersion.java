package dev.binfarm.results;

/**
 * A runtime at one version: kind (emulator, qemu, docker), name (e.g. unikraft-elfloader)
 * and version (a farm version, an image digest): a new version is a new row, so results
 * keep pointing at exactly what produced them.
 */
public record RuntimeVersion(long id, String kind, String name, String version) {}
