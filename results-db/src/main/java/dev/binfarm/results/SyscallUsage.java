package dev.binfarm.results;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How one result used one syscall: total calls, failures by errno name (e.g. ENOENT -> 3),
 * and whether the profile denied it.
 */
public record SyscallUsage(int nr, String name, long calls, Map<String, Long> errnos, boolean deniedByProfile) {
    public SyscallUsage {
        Objects.requireNonNull(name, "name");
        errnos = errnos == null ? Map.of() : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(errnos));
    }

    /** "ENOENT:3,EAGAIN:1" in errno-name order; empty when every call succeeded. */
    String errnoHistogram() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> e : errnos.entrySet()) {
            if (!sb.isEmpty()) sb.append(',');
            sb.append(e.getKey()).append(':').append(e.getValue());
        }
        return sb.toString();
    }

    static Map<String, Long> parseHistogram(String text) {
        Map<String, Long> out = new TreeMap<>();
        if (text == null || text.isEmpty()) return out;
        for (String pair : text.split(",")) {
            int colon = pair.lastIndexOf(':');
            out.put(pair.substring(0, colon), Long.parseLong(pair.substring(colon + 1)));
        }
        return out;
    }
}
