package dev.binfarm.ci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What counts as a regression for {@code farm ci}. "previous": the orchestrator's rule (a
 * cell worse than in its previous run while an input changed; see the orchestrator's
 * Regressions). A file: an expectations file of known failures, one cell a line as
 * {@code catalog/app} (every runtime and profile) or {@code catalog/app runtime profile};
 * '#' starts a comment. Any failed cell not listed is a regression.
 */
sealed interface Baseline {
    record Previous() implements Baseline { }

    record Expectations(Path file, List<String[]> known) implements Baseline {
        boolean lists(CellCollector.Cell c) {
            for (String[] k : known) {
                if (!k[0].equals(c.catalog() + "/" + c.app())) continue;
                if (k.length == 1 || k[1].equals(c.runtime()) && k[2].equals(c.profile())) return true;
            }
            return false;
        }
    }

    static Baseline parse(String spec) throws IOException {
        if (spec == null || spec.isBlank() || spec.equals("previous")) return new Previous();
        Path file = Path.of(spec);
        if (!Files.isRegularFile(file)) throw new IOException("baseline '" + spec + "' is neither 'previous' nor a readable file");
        List<String[]> known = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            int hash = line.indexOf('#');
            String l = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (l.isEmpty()) continue;
            String[] parts = l.split("\\s+");
            if (parts.length != 1 && parts.length != 3 || !parts[0].contains("/"))
                throw new IOException(file + ": '" + l + "' is not 'catalog/app' or 'catalog/app runtime profile'");
            known.add(parts);
        }
        return new Expectations(file, known);
    }

    default String describe() {
        return switch (this) {
            case Previous p -> "the previous run of each cell";
            case Expectations e -> "the expectations in " + e.file();
        };
    }

    /** The regressed cells, each as "catalog/app on runtime (profile): message". */
    default List<String> regressions(List<CellCollector.Cell> cells) {
        List<String> out = new ArrayList<>();
        for (CellCollector.Cell c : cells) {
            boolean regressed = switch (this) {
                case Previous p -> "regression".equals(c.trend());
                case Expectations e -> c.verdict() == CellCollector.Verdict.FAILED && !e.lists(c);
            };
            if (!regressed) continue;
            String m = firstLine(c.message());
            out.add(m.startsWith(c.name()) ? m : c.name() + ": " + m);
        }
        return out;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
