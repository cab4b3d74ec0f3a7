package dev.binfarm.catalog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * Writes an app's filesystem, as it is at one commit, into a fresh directory
 * for one run: straight from the git objects (the mirror is only read), with
 * executable bits and symbolic links as committed. A static-pie program kept
 * beside its {@code rootfs/} is placed at its path inside ({@code /sqlite3}).
 */
final class Materializer {
    static final Set<PosixFilePermission> EXEC = PosixFilePermissions.fromString("rwxr-xr-x");
    static final Set<PosixFilePermission> PLAIN = PosixFilePermissions.fromString("rw-r--r--");

    private Materializer() { }

    static void materialize(Repository repo, ObjectId commit, App app, Path target) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) throw new IOException(target + " is not a directory");
            try (DirectoryStream<Path> s = Files.newDirectoryStream(target)) {
                if (s.iterator().hasNext()) throw new IOException(target + " is not empty");
            }
        }
        Files.createDirectories(target);
        try (RevWalk rw = new RevWalk(repo); ObjectReader reader = repo.newObjectReader(); TreeWalk tw = new TreeWalk(reader)) {
            tw.addTree(rw.parseCommit(commit).getTree());
            tw.setRecursive(true);
            String fs = app.filesystem();
            if (!fs.isEmpty()) tw.setFilter(PathFilter.create(fs));
            while (tw.next()) {
                String rel = fs.isEmpty() ? tw.getPathString() : tw.getPathString().substring(fs.length() + 1);
                write(reader, tw.getObjectId(0), tw.getFileMode(0), target, rel);
            }
            if (app.elfOutsideFilesystem()) {
                try (TreeWalk one = TreeWalk.forPath(reader, app.elfPath(), rw.parseCommit(commit).getTree())) {
                    if (one == null) throw new IOException(app.elfPath() + " is not in commit " + commit.name());
                    write(reader, one.getObjectId(0), one.getFileMode(0), target, app.elf().substring(1));
                }
            }
        }
    }

    private static void write(ObjectReader reader, ObjectId blob, FileMode mode, Path target, String rel) throws IOException {
        if (mode.getObjectType() != org.eclipse.jgit.lib.Constants.OBJ_BLOB) return; // submodules: nothing to copy
        Path out = target.resolve(rel).normalize();
        if (!out.startsWith(target) || out.equals(target)) throw new IOException("path escapes the app folder: " + rel);
        Files.createDirectories(out.getParent());
        if (mode == FileMode.SYMLINK) {
            String link = new String(reader.open(blob).getBytes(), StandardCharsets.UTF_8);
            Files.createSymbolicLink(out, Path.of(link));
            return;
        }
        try (OutputStream os = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            reader.open(blob).copyTo(os);
        }
        Files.setPosixFilePermissions(out, mode == FileMode.EXECUTABLE_FILE ? EXEC : PLAIN);
    }
}
