package dev.binfarm.worker.qemu;

import dev.binfarm.emulator.kernel.Syscall;
import dev.binfarm.emulator.kernel.SyscallTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * x86-64 syscall name -> number. From the host's {@code asm/unistd_64.h} (complete) when
 * present, else from the emulator's table (only what it implements).
 */
final class SyscallNames {
    static final Path HEADER = Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");
    private static final Pattern DEFINE = Pattern.compile("^#define\\s+__NR_(\\w+)\\s+(\\d+)\\s*$");
    private static volatile Map<String, Integer> table;

    private SyscallNames() { }

    static Map<String, Integer> table() {
        Map<String, Integer> t = table;
        if (t == null) {
            t = load(HEADER);
            table = t;
        }
        return t;
    }

    /** The number of {@code name}, or -1 when unknown. */
    static int number(String name) {
        return table().getOrDefault(name, -1);
    }

    static boolean known(String name) {
        return table().containsKey(name);
    }

    static Map<String, Integer> load(Path header) {
        Map<String, Integer> m = new HashMap<>();
        try {
            for (String line : Files.readAllLines(header)) {
                Matcher d = DEFINE.matcher(line);
                if (d.matches()) m.put(d.group(1), Integer.parseInt(d.group(2)));
            }
        } catch (IOException e) {
            // no kernel headers: the emulator's table below
        }
        if (m.isEmpty()) for (Syscall s : SyscallTable.entries()) m.put(s.name(), s.nr());
        return Collections.unmodifiableMap(m);
    }
}
