package dev.binfarm.worker;

import dev.binfarm.results.Result;
import dev.binfarm.results.SyscallUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What changed between two results of the same cell: status, exit, the first differing
 * stdout line, and the syscall set (names added and removed). Empty parts are null or empty.
 *
 * @param stdout the first differing stdout line, or null when stdout is the same
 */
public record ResultDiff(String statusBefore, String statusAfter, Integer exitBefore, Integer exitAfter, LineChange stdout,
                         List<String> syscallsAdded, List<String> syscallsRemoved) {

    /** Line {@code line} (1-based) read {@code before} and now reads {@code after}; null means the line is absent. */
    public record LineChange(int line, String before, String after) { }

    public ResultDiff {
        syscallsAdded = List.copyOf(syscallsAdded);
        syscallsRemoved = List.copyOf(syscallsRemoved);
    }

    public static ResultDiff between(Result before, List<SyscallUsage> beforeUsage, Result after, List<SyscallUsage> afterUsage) {
        TreeSet<String> was = names(beforeUsage), now = names(afterUsage);
        List<String> added = new ArrayList<>(), removed = new ArrayList<>();
        for (String n : now) if (!was.contains(n)) added.add(n);
        for (String n : was) if (!now.contains(n)) removed.add(n);
        return new ResultDiff(before.status().name(), after.status().name(), before.exitCode(), after.exitCode(),
                firstDifference(before.stdout(), after.stdout()), added, removed);
    }

    public boolean statusChanged() { return !statusBefore.equals(statusAfter); }

    public boolean exitChanged() { return !Objects.equals(exitBefore, exitAfter); }

    public boolean same() {
        return !statusChanged() && !exitChanged() && stdout == null && syscallsAdded.isEmpty() && syscallsRemoved.isEmpty();
    }

    /** One line per changed part, for people. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        if (statusChanged()) out.add("status: " + statusBefore + " -> " + statusAfter);
        if (exitChanged()) out.add("exit: " + show(exitBefore) + " -> " + show(exitAfter));
        if (stdout != null) out.add("stdout line " + stdout.line() + ": " + quote(stdout.before()) + " -> " + quote(stdout.after()));
        if (!syscallsAdded.isEmpty() || !syscallsRemoved.isEmpty()) {
            StringBuilder sb = new StringBuilder("syscalls:");
            for (String n : syscallsAdded) sb.append(" +").append(n);
            for (String n : syscallsRemoved) sb.append(" -").append(n);
            out.add(sb.toString());
        }
        return out;
    }

    static LineChange firstDifference(String before, String after) {
        String a = before == null ? "" : before, b = after == null ? "" : after;
        if (a.equals(b)) return null;
        List<String> la = a.lines().toList(), lb = b.lines().toList();
        int n = Math.max(la.size(), lb.size());
        for (int i = 0; i < n; i++) {
            String x = i < la.size() ? la.get(i) : null, y = i < lb.size() ? lb.get(i) : null;
            if (!Objects.equals(x, y)) return new LineChange(i + 1, x, y);
        }
        // Same lines, different line ends (a missing final newline, CRLF): name the last line.
        return new LineChange(Math.max(n, 1), n == 0 ? "" : la.get(n - 1), n == 0 ? "" : lb.get(n - 1));
    }

    private static TreeSet<String> names(List<SyscallUsage> usage) {
        TreeSet<String> s = new TreeSet<>();
        for (SyscallUsage u : usage) s.add(u.name());
        return s;
    }

    private static String show(Integer exit) { return exit == null ? "none" : exit.toString(); }

    private static String quote(String line) {
        if (line == null) return "(no line)";
        String shown = line.length() > 80 ? line.substring(0, 80) + "..." : line;
        return "'" + shown + "'";
    }
}
