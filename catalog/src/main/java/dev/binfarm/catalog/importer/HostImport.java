package dev.binfarm.catalog.importer;

import java.nio.file.Path;
import java.util.List;

/**
 * A host program imported into a catalog repo: the app's folder, the program's path inside
 * it, its kind, what was copied (host path -> path inside the app), and the commit made.
 */
public record HostImport(String name, Path appDir, String elf, String kind, String interpreter,
                         List<CopiedFile> files, String commit) {
    /** One file of the app: copied from {@code hostPath} to {@code appPath} (absolute inside the app). */
    public record CopiedFile(String hostPath, String appPath) {}
}
