package dev.binfarm.emulator.corpus;

import java.util.Arrays;

/** Where two outputs part ways, told in a line a person can act on. */
final class Diff {
    private Diff() { }

    /** Null when equal, else the first differing line of each side with its number. */
    static String firstDifference(byte[] expected, byte[] actual) {
        if (Arrays.equals(expected, actual)) return null;
        String[] e = new String(expected, java.nio.charset.StandardCharsets.UTF_8).split("\n", -1);
        String[] a = new String(actual, java.nio.charset.StandardCharsets.UTF_8).split("\n", -1);
        int n = Math.min(e.length, a.length);
        for (int i = 0; i < n; i++) {
            if (!e[i].equals(a[i])) {
                return "line " + (i + 1) + ":\n  host:     " + clip(e[i]) + "\n  emulator: " + clip(a[i])
                        + "\n  (" + expected.length + " vs " + actual.length + " bytes)";
            }
        }
        return "host has " + e.length + " lines, emulator " + a.length + " (" + expected.length + " vs " + actual.length
                + " bytes); first extra: " + clip(e.length > a.length ? e[n] : a[n]);
    }

    private static String clip(String s) { return s.length() > 300 ? s.substring(0, 300) + "..." : s; }
}
