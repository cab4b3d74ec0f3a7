package dev.binfarm.emulator.kernel;

import dev.binfarm.emulator.mem.GuestMemory;

/** The text of /proc/self/maps, from the address space's mappings (adjacent slices of one mapping merged). */
final class MemoryMaps {
    private MemoryMaps() { }

    static String text(GuestMemory mem) {
        StringBuilder sb = new StringBuilder();
        GuestMemory.Mapping prev = null;
        long start = 0;
        for (GuestMemory.Mapping m : mem.mappings()) {
            if (prev != null && prev.end() == m.start() && prev.prot() == m.prot() && prev.name().equals(m.name())
                    && prev.backing() == m.backing()) {
                prev = m;
                continue;
            }
            if (prev != null) line(sb, start, prev);
            prev = m;
            start = m.start();
        }
        if (prev != null) line(sb, start, prev);
        return sb.toString();
    }

    private static void line(StringBuilder sb, long start, GuestMemory.Mapping m) {
        String name = m.name() == null ? "" : m.name();
        boolean file = name.startsWith("/");
        sb.append(String.format("%08x-%08x %c%c%c%c %08x %s %-10d", start, m.end(),
                (m.prot() & GuestMemory.PROT_READ) != 0 ? 'r' : '-',
                (m.prot() & GuestMemory.PROT_WRITE) != 0 ? 'w' : '-',
                (m.prot() & GuestMemory.PROT_EXEC) != 0 ? 'x' : '-',
                m.backing() instanceof dev.binfarm.emulator.vfs.FileMapping ? 's' : 'p',
                file ? m.backingOffset() : 0, file ? "00:05" : "00:00", file ? 1 : 0));
        if (!name.isEmpty()) sb.append(' ').append(name);
        sb.append('\n');
    }
}
