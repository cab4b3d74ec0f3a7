package dev.binfarm.results;

/**
 * A runtime at one version: kind (emulator, qemu, docker), name (e.g. unikraft-elfloader)
 * and version (a farm version, an image digest): a new version is a new row, so results
 * keep pointing at exactly what produced them.
 */
public record RuntimeVersion(long id, String kind, String name, String version) {
    /**
     * The kind that runs apps natively on the host kernel: the reference. An app that fails
     * there is broken, whatever the layer under test does with it.
     */
    public static final String REFERENCE_KIND = "docker";

    public boolean isReference() { return REFERENCE_KIND.equals(kind); }
}
