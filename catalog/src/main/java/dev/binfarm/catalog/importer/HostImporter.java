package dev.binfarm.catalog.importer;

import dev.binfarm.emulator.elf.ElfFile;
import dev.binfarm.emulator.elf.ElfKind;
import dev.binfarm.emulator.elf.InvalidElfException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * binfarm's extract.sh: turns a program installed on this host into a self-contained app
 * folder of a catalog repo (the program, its library closure, its interpreter, each at the
 * host path where the loader finds it) and commits it with JGit. Everything is checked
 * before the repo is touched, so a bad input leaves it as it was.
 */
public final class HostImporter {
    private static final Pattern APP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

    private final LibraryResolver resolver;

    public HostImporter(LibraryResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * Imports {@code binary} as app {@code name} (default: the binary's file name) into the git
     * repo at {@code repoDir}, creating the repo (non-bare, like {@code git init}) if needed.
     * An app folder of that name already there is replaced.
     */
    public HostImport importBinary(Path binary, String name, Path repoDir) throws ImportException {
        if (!Files.exists(binary)) throw new ImportException(binary + ": no such file");
        if (!Files.isRegularFile(binary)) throw new ImportException(binary + ": not a regular file");
        String appName = name != null ? name : binary.getFileName().toString();
        if (!APP_NAME.matcher(appName).matches() || appName.equals(".git"))
            throw new ImportException("invalid app name \"" + appName + "\" (letters, digits, . _ + -; not starting with . _ + -)");
        Path real;
        ElfFile elf;
        try {
            real = binary.toRealPath();
            elf = ElfFile.parse(Files.readAllBytes(real));
        } catch (IOException e) {
            throw new ImportException("cannot read " + binary + ": " + e.getMessage());
        } catch (InvalidElfException e) {
            throw new ImportException(binary + ": " + e.getMessage());
        }
        ElfKind kind = elf.kind();
        if (!kind.isProgram())
            throw new ImportException(binary + " is a " + kind.label() + " ELF, not a program");
        LibraryClosure closure = kind == ElfKind.DYNAMIC ? resolver.resolve(real.toString(), elf) : LibraryClosure.STATIC;
        if (Files.exists(repoDir) && !Files.isDirectory(repoDir))
            throw new ImportException(repoDir + " exists and is not a directory");

        List<HostImport.CopiedFile> files = new ArrayList<>();
        files.add(new HostImport.CopiedFile(real.toString(), real.toString()));
        if (closure.interpreter() != null)
            files.add(new HostImport.CopiedFile(closure.interpreter(), closure.interpreter()));
        for (LibraryClosure.Library lib : closure.libraries())
            files.add(new HostImport.CopiedFile(lib.path(), lib.path()));

        try (Git git = openOrInit(repoDir)) {
            Path appDir = repoDir.toAbsolutePath().resolve(appName);
            deleteTree(appDir);
            for (HostImport.CopiedFile f : files) copyDereferenced(Path.of(f.hostPath()), appDir, f.appPath());
            git.add().addFilepattern(appName).call();
            git.add().addFilepattern(appName).setUpdate(true).call(); // records files gone since a previous import
            String commit;
            if (git.status().call().isClean() && git.getRepository().resolve(Constants.HEAD) != null) {
                commit = git.getRepository().resolve(Constants.HEAD).name(); // same app imported again: nothing new
            } else {
                RevCommit c = git.commit().setMessage("import " + appName + " from " + binary.toAbsolutePath()).call();
                commit = c.name();
            }
            return new HostImport(appName, appDir, real.toString(), kind.label(), closure.interpreter(),
                    List.copyOf(files), commit);
        } catch (IOException | GitAPIException e) {
            throw new ImportException("cannot import into " + repoDir + ": " + e.getMessage());
        }
    }

    private static Git openOrInit(Path repoDir) throws IOException, GitAPIException {
        if (Files.isDirectory(repoDir.resolve(".git"))) return Git.open(repoDir.toFile());
        Files.createDirectories(repoDir);
        return Git.init().setDirectory(repoDir.toFile()).setBare(false).call();
    }

    /** Copies the file's content (never a symlink: the app must stand on its own) to {@code appPath} under {@code appDir}. */
    private static void copyDereferenced(Path hostFile, Path appDir, String appPath) throws IOException {
        Path target = appDir.resolve(appPath.replaceFirst("^/+", "")).normalize();
        if (!target.startsWith(appDir)) throw new IOException("path " + appPath + " leaves the app folder");
        Files.createDirectories(target.getParent());
        Files.copy(hostFile, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) throw e;
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
