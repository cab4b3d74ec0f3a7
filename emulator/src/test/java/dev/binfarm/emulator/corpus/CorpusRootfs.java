package dev.binfarm.emulator.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.stream.Stream;

/** A fresh root filesystem for one run: the corpus input files plus the program at /prog. */
final class CorpusRootfs implements AutoCloseable {
    private final Path dir;

    private CorpusRootfs(Path dir) { this.dir = dir; }

    static CorpusRootfs create(Path binary) {
        try {
            Path dir = Files.createTempDirectory("corpus-rootfs");
            copyTree(TestPrograms.corpusDir().resolve("rootfs"), dir);
            Path prog = dir.resolve(CorpusProgram.GUEST_PATH.substring(1));
            Files.copy(binary, prog, StandardCopyOption.REPLACE_EXISTING);
            prog.toFile().setExecutable(true, false);
            return new CorpusRootfs(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path dir() { return dir; }

    byte[] read(String pathInRootfs) {
        try {
            return Files.readAllBytes(dir.resolve(pathInRootfs));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() { deleteTree(dir); }

    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
