package dev.binfarm.catalog;

import dev.binfarm.catalog.importer.HostImport;
import dev.binfarm.catalog.importer.HostImporter;
import dev.binfarm.catalog.importer.ImportException;
import dev.binfarm.catalog.importer.LibraryResolver;
import dev.binfarm.catalog.spec.SpecBook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * The demo's sample catalog: a few programs of this machine imported (with their
 * libraries and loader) into a local git repository, plus a {@code binfarm.yaml}
 * with a spec for each. Works offline; importing again is harmless.
 */
public final class DemoCatalog {
    /** A host program worth showing, and the YAML body of its spec ({@code ELF} stands for its path in the app). */
    record Candidate(String name, String hostPath, String spec) { }

    static final List<Candidate> CANDIDATES = List.of(
            new Candidate("ls", "/bin/ls", "argv: [ELF, /]\n    expect: {exit: 0, stdout: {contains: [lib]}}"),
            new Candidate("gzip", "/bin/gzip", "argv: [ELF, --version]\n    expect: {exit: 0, stdout: {contains: [gzip]}}"),
            new Candidate("echo", "/bin/echo", "argv: [ELF, hello, binfarm]\n    expect: {exit: 0, stdout: {equals: \"hello binfarm\\n\"}}"),
            new Candidate("grep", "/bin/grep", "argv: [ELF, --version]\n    expect: {exit: 0, stdout: {contains: [grep]}}"),
            new Candidate("sed", "/bin/sed", "argv: [ELF, --version]\n    expect: {exit: 0, stdout: {contains: [sed]}}"),
            new Candidate("sqlite3", "/usr/bin/sqlite3",
                    "argv: [ELF, \":memory:\", \"select 6*7;\"]\n    expect: {exit: 0, stdout: {equals: \"42\\n\"}}"),
            new Candidate("bc", "/usr/bin/bc", "argv: [ELF]\n    stdin: \"6*7\\n\"\n    expect: {exit: 0, stdout: {equals: \"42\\n\"}}"));

    /** What was imported, and what was skipped (missing on this host, or refused) with why. */
    public record Built(Path repo, List<HostImport> imported, List<String> skipped) { }

    private DemoCatalog() { }

    public static Built build(Path repo) throws CatalogException {
        HostImporter importer;
        try {
            importer = new HostImporter(LibraryResolver.host());
        } catch (IOException e) {
            throw new CatalogException("cannot read this host's library cache: " + e.getMessage());
        }
        List<HostImport> imported = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        StringBuilder yaml = new StringBuilder("# Specs for the demo catalog, written by 'farm demo'.\nversion: 1\napps:\n");
        for (Candidate c : CANDIDATES) {
            if (!Files.isRegularFile(Path.of(c.hostPath))) {
                skipped.add(c.hostPath + ": not installed");
                continue;
            }
            try {
                HostImport imp = importer.importBinary(Path.of(c.hostPath), c.name, repo);
                imported.add(imp);
                yaml.append("  ").append(c.name).append(":\n    ").append(c.spec.replace("ELF", imp.elf()))
                        .append("\n    tags: [demo]\n");
            } catch (ImportException e) {
                skipped.add(e.getMessage());
            }
        }
        if (imported.isEmpty()) throw new CatalogException("the demo found none of its programs on this machine: " + skipped);
        commitSpecs(repo, yaml.toString());
        return new Built(repo, List.copyOf(imported), List.copyOf(skipped));
    }

    private static void commitSpecs(Path repo, String yaml) throws CatalogException {
        try (Git git = Git.open(repo.toFile())) {
            Files.writeString(repo.resolve(SpecBook.REPO_FILE), yaml);
            git.add().addFilepattern(SpecBook.REPO_FILE).call();
            if (!git.status().call().isClean()) git.commit().setMessage("demo specs").call();
        } catch (IOException | GitAPIException e) {
            throw new CatalogException("cannot write the demo specs into " + repo + ": " + e.getMessage());
        }
    }
}
