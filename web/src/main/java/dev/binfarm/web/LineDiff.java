package dev.binfarm.web;

import java.util.ArrayList;
import java.util.List;

/** A line diff (longest common subsequence), bounded so a huge output cannot stall a page. */
final class LineDiff {
    static final int MAX_LINES = 2000;

    enum Kind { SAME, ADDED, REMOVED }

    record Line(Kind kind, String text) {}

    private LineDiff() {}

    /** Lines of {@code before} and {@code after} in order; null when either side is too long to diff. */
    static List<Line> diff(String before, String after) {
        String[] a = lines(before), b = lines(after);
        if (a.length > MAX_LINES || b.length > MAX_LINES) return null;
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--)
            for (int j = b.length - 1; j >= 0; j--)
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
        List<Line> out = new ArrayList<>();
        int i = 0, j = 0;
        while (i < a.length && j < b.length) {
            if (a[i].equals(b[j])) { out.add(new Line(Kind.SAME, a[i])); i++; j++; }
            else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.add(new Line(Kind.REMOVED, a[i++]));
            else out.add(new Line(Kind.ADDED, b[j++]));
        }
        while (i < a.length) out.add(new Line(Kind.REMOVED, a[i++]));
        while (j < b.length) out.add(new Line(Kind.ADDED, b[j++]));
        return out;
    }

    private static String[] lines(String s) {
        if (s == null || s.isEmpty()) return new String[0];
        return s.split("\n", -1);
    }
}
