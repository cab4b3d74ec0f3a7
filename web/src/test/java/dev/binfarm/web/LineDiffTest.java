package dev.binfarm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineDiffTest {
    @Test
    void marksAddedAndRemovedLines() {
        List<LineDiff.Line> d = LineDiff.diff("a\nb\nc", "a\nx\nc");
        assertEquals(List.of(new LineDiff.Line(LineDiff.Kind.SAME, "a"), new LineDiff.Line(LineDiff.Kind.REMOVED, "b"),
                new LineDiff.Line(LineDiff.Kind.ADDED, "x"), new LineDiff.Line(LineDiff.Kind.SAME, "c")), d);
        assertEquals(List.of(new LineDiff.Line(LineDiff.Kind.ADDED, "new")), LineDiff.diff(null, "new"));
        assertNull(LineDiff.diff("x\n".repeat(LineDiff.MAX_LINES + 1), "x"));
    }

    /** Generated pairs: the old side is the SAME+REMOVED lines, the new side the SAME+ADDED lines. */
    @Test
    void bothSidesAreRecoverable() {
        Random random = new Random(11);
        for (int n = 0; n < 500; n++) {
            String a = lines(random), b = lines(random);
            List<LineDiff.Line> d = LineDiff.diff(a, b);
            StringBuilder before = new StringBuilder(), after = new StringBuilder();
            for (LineDiff.Line l : d) {
                if (l.kind() != LineDiff.Kind.ADDED) before.append(before.isEmpty() ? "" : "\n").append(l.text());
                if (l.kind() != LineDiff.Kind.REMOVED) after.append(after.isEmpty() ? "" : "\n").append(l.text());
            }
            assertEquals(a, before.toString());
            assertEquals(b, after.toString());
        }
    }

    private static String lines(Random random) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1 + random.nextInt(8); i > 0; i--) sb.append(sb.isEmpty() ? "" : "\n").append((char) ('a' + random.nextInt(3)));
        return sb.toString();
    }
}
