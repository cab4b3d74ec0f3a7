package dev.binfarm.emulator.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * One C program of the corpus and how to run it, read from {@code //! key: value} lines in its source:
 * {@code args} (whitespace-separated, after argv[0] = /prog), {@code stdin} (a file under the corpus
 * rootfs), {@code strace} (also compare the syscall sequence with the host's), {@code status} (the exit
 * status the host run must show, 128+N for signal N; default 0), so the corpus checks itself too, and
 * {@code writable} (the program writes to its rootfs: the guest gets the emulator's copy-on-write layer, as
 * the host run gets a writable temp copy).
 */
record CorpusProgram(String name, Path source, List<String> args, String stdinFile, boolean strace, int expectedStatus,
                     boolean writable) {
    static final String GUEST_PATH = "/prog";

    /** argv as the guest sees it. */
    List<String> argv() {
        List<String> argv = new ArrayList<>();
        argv.add(GUEST_PATH);
        argv.addAll(args);
        return argv;
    }

    static CorpusProgram parse(Path source) {
        String file = source.getFileName().toString();
        String name = file.substring(0, file.length() - 2);
        List<String> args = List.of();
        String stdin = null;
        boolean strace = false;
        int status = 0;
        boolean writable = false;
        try {
            for (String line : Files.readAllLines(source, StandardCharsets.UTF_8)) {
                if (!line.startsWith("//!")) continue;
                String d = line.substring(3).trim();
                int colon = d.indexOf(':');
                String key = colon < 0 ? d : d.substring(0, colon).trim();
                String value = colon < 0 ? "" : d.substring(colon + 1).trim();
                switch (key) {
                    case "args" -> args = Arrays.asList(value.split("\\s+"));
                    case "stdin" -> stdin = value;
                    case "strace" -> strace = true;
                    case "status" -> status = Integer.parseInt(value);
                    case "writable" -> writable = true;
                    default -> throw new IllegalArgumentException(source + ": unknown directive //! " + key);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CorpusProgram(name, source, List.copyOf(args), stdin, strace, status, writable);
    }

    /** All programs of a corpus directory, by name. */
    static List<CorpusProgram> all(Path corpusDir) {
        try (Stream<Path> files = Files.list(corpusDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".c")).sorted().map(CorpusProgram::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
