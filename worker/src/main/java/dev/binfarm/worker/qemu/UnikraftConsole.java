package dev.binfarm.worker.qemu;

import dev.binfarm.emulator.kernel.Errno;
import dev.binfarm.worker.SyscallCount;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the serial console of a Unikraft app-elfloader VM (formats in FACTS.md, "Unikraft
 * app-elfloader under QEMU"): SeaBIOS and the banner up to its version line
 * ({@code Prometheus 0.14.0~f4518e7d}), then a mix of the app's own output, strace-variant
 * lines ({@code name(args) = result}, errors as {@code text (-N)}), full-debug kernel log
 * lines ({@code [    0.61] dbg: ... Binary system call request "name" (nr) ...},
 * {@code Process PID 1 released}) and crash output. Feed it lines in order; it keeps the app
 * output, the syscall counts, the exit status when visible, and says when the run has ended
 * (the VM itself never exits). Not thread-safe: one reader.
 */
final class UnikraftConsole {
    enum Kind { BOOT, VERSION, APP, STRACE, DEBUG_SYSCALL, KERNEL, RELEASED, CRASH }

    /**
     * One classified console line, or part of one: app output glued to a kernel line is split. An APP
     * line's text ends in a newline when it was a whole line (the app printed one).
     */
    record Line(Kind kind, String text, String syscall, Integer errno) { }

    static final Pattern VERSION = Pattern.compile("^\\s+([A-Z][A-Za-z]+) (\\d+\\.\\d+\\.\\d+(?:~[0-9a-f]+)?)\\s*$");
    static final Pattern STRACE = Pattern.compile("([a-z_][a-z0-9_]*)\\((.*)\\) = (.*)$");
    static final Pattern ERRNO = Pattern.compile("\\(-(\\d+)\\)\\s*$");
    static final Pattern LOG = Pattern.compile("\\[\\s*\\d+\\.\\d+\\]\\s");
    static final Pattern LEVEL = Pattern.compile("^(?:\\[\\s*\\d+\\.\\d+\\]\\s*)?(dbg|Info|Warn|ERR|CRIT)\\s*:");
    static final Pattern BINARY_REQUEST = Pattern.compile("Binary system call request \"(\\w+)\" \\((\\d+)\\)(?:.*?\\(arg0=(0x[0-9a-fA-F]+|\\d+))?");
    static final Pattern RELEASED = Pattern.compile("Process PID \\d+ released");
    static final Pattern CRASH = Pattern.compile("CRIT\\s*:|Assertion failure|Unhandled Trap|Crash dump|PANIC|System halted|Page fault|Unhandled page fault");
    /** Crash words trusted outside a kernel log line (the app could print "PANIC" itself). */
    static final Pattern LOOSE_CRASH = Pattern.compile("^(Assertion failure|Unhandled Trap|Crash dump|Unhandled page fault)");
    static final Pattern EXIT_ARG = Pattern.compile("^\\s*(0x[0-9a-fA-F]+|-?\\d+)");

    private boolean booted;
    private String version;
    private final ByteArrayOutputStream app = new ByteArrayOutputStream();
    private final int outputCap;
    private final Map<String, Counter> syscalls = new TreeMap<>();
    private Integer exitStatus;
    private boolean exitSeen, released;
    private final List<String> crash = new ArrayList<>();
    private final List<String> bootLines = new ArrayList<>();
    private boolean anyActivity;

    private static final class Counter {
        long calls;
        final TreeMap<String, Long> errnos = new TreeMap<>();
    }

    /** Which image variant prints the console: only the strace one has {@code name(args) = result} lines. */
    enum Variant { STRACE, DEBUG, PLAIN }

    private final Variant variant;

    UnikraftConsole(int outputCap) { this(outputCap, Variant.STRACE); }

    /** In the debug and plain variants a line that looks like a strace line is the app's output. */
    UnikraftConsole(int outputCap, Variant variant) {
        this.outputCap = outputCap;
        this.variant = variant;
    }

    /** Classifies and records one console line (without its newline); returns its parts. */
    List<Line> accept(String raw) {
        List<Line> parts = classify(raw);
        for (Line l : parts) record(l);
        return parts;
    }

    List<Line> classify(String raw) {
        String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        if (!booted) {
            Matcher v = VERSION.matcher(line);
            if (v.matches()) return List.of(new Line(Kind.VERSION, v.group(1) + " " + v.group(2), null, null));
            return List.of(new Line(Kind.BOOT, line, null, null));
        }
        // A log or strace line glued to app output that did not end in a newline: split at its start.
        Matcher log = LOG.matcher(line);
        if (log.find()) {
            if (log.start() == 0) return List.of(kernel(line));
            return List.of(new Line(Kind.APP, line.substring(0, log.start()), null, null), kernel(line.substring(log.start())));
        }
        if (LEVEL.matcher(line).find()) return List.of(kernel(line));
        Matcher s = STRACE.matcher(line);
        for (int i = 0; variant == Variant.STRACE && i < line.length(); i++) {
            char c = line.charAt(i);
            if (!(c == '_' || (c >= 'a' && c <= 'z'))) continue;
            // no word boundary required: app output without a newline glues onto the call ("partialwrite(...)");
            // the leftmost known name wins, so pread64 is not read as read64
            s.region(i, line.length());
            if (s.lookingAt() && SyscallNames.known(s.group(1))) {
                Line sys = strace(s.group(1), s.group(3), line.substring(i));
                if (i == 0) return List.of(sys);
                return List.of(new Line(Kind.APP, line.substring(0, i), null, null), sys);
            }
        }
        if (LOOSE_CRASH.matcher(line).find()) return List.of(new Line(Kind.CRASH, line, null, null));
        return List.of(new Line(Kind.APP, line + "\n", null, null));
    }

    private static Line strace(String name, String result, String text) {
        Matcher e = ERRNO.matcher(result);
        return new Line(Kind.STRACE, text, name, e.find() ? Integer.valueOf(e.group(1)) : null);
    }

    private static Line kernel(String line) {
        Matcher b = BINARY_REQUEST.matcher(line);
        if (b.find()) return new Line(Kind.DEBUG_SYSCALL, line, b.group(1), null);
        if (RELEASED.matcher(line).find()) return new Line(Kind.RELEASED, line, null, null);
        if (CRASH.matcher(line).find()) return new Line(Kind.CRASH, line, null, null);
        return new Line(Kind.KERNEL, line, null, null);
    }

    private void record(Line l) {
        switch (l.kind()) {
            case BOOT -> {
                if (bootLines.size() < 40) bootLines.add(l.text());
            }
            case VERSION -> {
                booted = true;
                version = l.text();
            }
            case APP -> {
                anyActivity = true;
                byte[] b = l.text().getBytes(StandardCharsets.ISO_8859_1);
                int room = outputCap - app.size();
                if (room > 0) app.write(b, 0, Math.min(room, b.length));
            }
            case STRACE, DEBUG_SYSCALL -> {
                anyActivity = true;
                Counter c = syscalls.computeIfAbsent(l.syscall(), k -> new Counter());
                c.calls++;
                if (l.errno() != null) c.errnos.merge(errnoName(l.errno()), 1L, Long::sum);
                if (l.syscall().equals("exit_group") || l.syscall().equals("exit")) {
                    exitSeen = true;
                    if (exitStatus == null) exitStatus = exitArg(l);
                }
            }
            case RELEASED -> released = true;
            case CRASH -> {
                if (crash.size() < 40) crash.add(l.text());
            }
            case KERNEL -> {
                if (!crash.isEmpty() && crash.size() < 40) crash.add(l.text()); // the dump after a crash line
            }
        }
    }

    static String errnoName(int errno) {
        String n = Errno.name(errno);
        return n == null ? "E" + errno : n;
    }

    // exit_group's status: the strace form's first argument, or the debug form's arg0.
    private static Integer exitArg(Line l) {
        String text = l.text();
        Matcher b = BINARY_REQUEST.matcher(text);
        String arg = null;
        if (l.kind() == Kind.DEBUG_SYSCALL && b.find()) arg = b.group(3);
        if (l.kind() == Kind.STRACE) {
            int open = text.indexOf('(');
            Matcher a = EXIT_ARG.matcher(text.substring(open + 1));
            if (a.find()) arg = a.group(1);
        }
        if (arg == null) return null;
        try {
            long v = arg.startsWith("0x") ? Long.parseUnsignedLong(arg.substring(2), 16) : Long.parseLong(arg);
            return (int) (v & 0xff);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    boolean booted() { return booted; }
    String version() { return version; }
    boolean exitSeen() { return exitSeen; }
    boolean released() { return released; }
    boolean crashed() { return !crash.isEmpty(); }
    /** Something of the app happened: output or a syscall. */
    boolean active() { return anyActivity; }
    Integer exitStatus() { return exitStatus; }
    String crashText() { return crash.isEmpty() ? null : String.join("\n", crash); }
    List<String> bootLines() { return List.copyOf(bootLines); }
    byte[] output() { return app.toByteArray(); }

    List<SyscallCount> syscalls() {
        List<SyscallCount> out = new ArrayList<>();
        for (Map.Entry<String, Counter> e : syscalls.entrySet())
            out.add(new SyscallCount(SyscallNames.number(e.getKey()), e.getKey(), e.getValue().calls, e.getValue().errnos));
        return out;
    }
}
