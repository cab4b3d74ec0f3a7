package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.GuestExit;
import dev.binfarm.emulator.GuestOutcome;
import java.util.Map;

/**
 * The coverage of one run as JSON ({@code farm emu --coverage FILE}): how it
 * ended, instructions, and per syscall made: calls, errors by errno name,
 * calls the profile denied, and the first call site (guest address of the
 * SYSCALL instruction and the ELF symbol around it, when a symbol table names it).
 */
public final class Coverage {
    private Coverage() { }

    public static String json(GuestOutcome o) {
        StringBuilder sb = new StringBuilder("{\n  \"exit\": ").append(exit(o.exit()));
        sb.append(",\n  \"instructions\": ").append(o.instructions());
        sb.append(",\n  \"syscalls\": [");
        SyscallTrace t = o.trace();
        boolean first = true;
        if (t != null) {
            for (SyscallUsage u : t.usage()) {
                sb.append(first ? "\n" : ",\n");
                first = false;
                sb.append("    {\"nr\": ").append(u.nr()).append(", \"name\": ").append(str(u.name()))
                        .append(", \"calls\": ").append(u.calls()).append(", \"errors\": {");
                boolean firstErr = true;
                for (Map.Entry<String, Long> e : u.errors().entrySet()) {
                    sb.append(firstErr ? "" : ", ").append(str(e.getKey())).append(": ").append(e.getValue());
                    firstErr = false;
                }
                sb.append("}, \"deniedByProfile\": ").append(u.denied() > 0)
                        .append(", \"denied\": ").append(u.denied())
                        .append(", \"firstCallSite\": {\"address\": ").append(str("0x" + Long.toHexString(t.firstSite(u.nr()))))
                        .append(", \"symbol\": ").append(t.firstSymbol(u.nr()) == null ? "null" : str(t.firstSymbol(u.nr())))
                        .append("}}");
            }
        }
        return sb.append(first ? "]\n}\n" : "\n  ]\n}\n").toString();
    }

    private static String exit(GuestExit e) {
        return switch (e) {
            case GuestExit.Exited x -> "{\"kind\": \"exited\", \"code\": " + x.code() + ", \"status\": " + e.status() + "}";
            case GuestExit.Signaled s -> "{\"kind\": \"signaled\", \"signal\": " + s.signal() + ", \"reason\": " + str(s.reason())
                    + ", \"status\": " + e.status() + "}";
            case GuestExit.TimedOut t -> "{\"kind\": \"timedOut\", \"millis\": " + t.millis() + ", \"status\": " + e.status() + "}";
            case GuestExit.LoadFailed l -> "{\"kind\": \"loadFailed\", \"message\": " + str(l.message()) + ", \"status\": " + e.status() + "}";
        };
    }

    static String str(String s) {
        if (s == null) return "null";
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
