package dev.binfarm.emulator.cpu;

import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Translations shared by every guest in this JVM. A farm worker runs the same
 * binary again and again (one cell per runtime and syscall profile, every night,
 * and {@code farm explore} once per syscall); the loader places it at the same
 * addresses each time (seeded layout), so most of its hot regions are the same
 * instructions at the same addresses. Translating them again would cost the
 * translation and, far more, HotSpot's compilation of the new class: a Go guest
 * spends about as much CPU in C2 as in its own code. Here a region's class is
 * kept under the exact input of its translation, and a later guest with the same
 * region gets a new instance of the already compiled class.
 *
 * <p>The key is everything the translation's behaviour depends on: the members
 * in order, each as its decoded instructions (every field of {@link Insn},
 * addresses included). It does not depend on guest memory, so it cannot be
 * stale: a region whose code differs in any instruction, or sits elsewhere, is a
 * different key. (The translator also reads the members' successor links and
 * the jump-table targets they saw, but only to choose which members an indirect
 * jump's target is compared with: a target that is not compared leaves the
 * region, so that changes speed, never behaviour.) Instances
 * are per guest ({@link Compiled#all} holds that guest's instructions, its
 * {@link Compiled#links} its blocks), so nothing guest-specific is shared.
 *
 * <p>Bounded by the size of the class files kept ({@code binfarm.jit.sharedBytes},
 * default {@value #DEFAULT_BUDGET} bytes; least recently used out): measured on the
 * Go bench, each class-file byte costs about ten bytes of metaspace and code cache,
 * so the default holds two or three large programs (a Go program makes ~1,450
 * regions, 3.6 MiB of classes) in about 80 MiB. Off with
 * {@code binfarm.jit.share=off}. A class that falls out is unloaded once no guest
 * uses it.
 */
final class SharedTranslations {
    private SharedTranslations() { }

    static final long DEFAULT_BUDGET = 8L << 20;
    static final boolean ENABLED = !"off".equals(System.getProperty("binfarm.jit.share"));
    private static final long BUDGET = Math.max(0, Long.getLong("binfarm.jit.sharedBytes", DEFAULT_BUDGET));

    /** A translated region's class: its constructor, how many exit links an instance needs, its class file's size. */
    record Template(MethodHandle constructor, int exits, int classBytes) { }

    /** The translator's input for one region, encoded compactly; compared byte for byte. */
    static final class Key {
        private final byte[] code;
        private final int hash;

        Key(byte[] code) {
            this.code = code;
            this.hash = Arrays.hashCode(code);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.code, code);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        int size() {
            return code.length;
        }
    }

    /** Regions a guest took from here instead of translating them (stats, tests). */
    static final AtomicLong hits = new AtomicLong();

    /** Access order: the eldest entry is the least recently used. Guarded by itself, like {@link #bytes}. */
    private static final LinkedHashMap<Key, Template> TEMPLATES = new LinkedHashMap<>(256, 0.75f, true);
    private static long bytes;

    static Template get(Key k) {
        Template t;
        synchronized (TEMPLATES) {
            t = TEMPLATES.get(k);
        }
        if (t != null) hits.incrementAndGet();
        return t;
    }

    static void put(Key k, Template t) {
        put(k, t, BUDGET);
    }

    /** Adds {@code t} and drops least recently used entries until at most {@code budget} bytes are held. */
    static void put(Key k, Template t, long budget) {
        synchronized (TEMPLATES) {
            Template old = TEMPLATES.put(k, t);
            bytes += weight(k, t) - (old != null ? weight(k, old) : 0);
            var eldest = TEMPLATES.entrySet().iterator();
            while (bytes > budget && eldest.hasNext()) {
                var e = eldest.next();
                bytes -= weight(e.getKey(), e.getValue());
                eldest.remove();
            }
        }
    }

    /** What an entry costs: its class file and its key. */
    private static long weight(Key k, Template t) {
        return (long) t.classBytes() + k.size();
    }

    /** Class-file and key bytes held now (tests, stats). */
    static long bytes() {
        synchronized (TEMPLATES) {
            return bytes;
        }
    }

    static int size() {
        synchronized (TEMPLATES) {
            return TEMPLATES.size();
        }
    }

    static void clear() {
        synchronized (TEMPLATES) {
            TEMPLATES.clear();
            bytes = 0;
        }
    }

    /**
     * The fields of {@link Insn} the key encodes, by name: a test compares this list with the class, so a
     * field added to Insn (which the translator might read) cannot be left out of the key unnoticed.
     */
    static final List<String> INSN_FIELDS = List.of("op", "opcode", "prefixes", "mandatory", "opSize", "addrSize",
            "reg", "mod", "rm", "base", "index", "scale", "disp", "seg", "imm", "imm2", "rip", "nextRip", "len");

    /** The key of a region made of {@code members} (in the translator's order). */
    static Key key(List<Block> members) {
        Encoder e = new Encoder();
        for (Block m : members) {
            e.put(m.insns.length);
            e.put(m.start);
            long at = m.start;
            for (Insn i : m.insns) {
                e.put(i.op); e.put(i.opcode); e.put(i.prefixes); e.put(i.mandatory); e.put(i.opSize); e.put(i.addrSize);
                e.put(i.reg); e.put(i.mod); e.put(i.rm); e.put(i.base); e.put(i.index); e.put(i.scale);
                e.put(i.disp); e.put(i.seg); e.put(i.imm); e.put(i.imm2);
                // Addresses as deltas from the member's start (encoded above): exact, and short.
                e.put(i.rip - at); e.put(i.nextRip - i.rip); e.put(i.len);
                at = i.nextRip;
            }
        }
        return new Key(e.bytes());
    }

    /** Zigzag varints: most fields are small, so a key takes a few bytes per instruction. */
    private static final class Encoder {
        private byte[] buf = new byte[512];
        private int n;

        void put(long v) {
            long z = (v << 1) ^ (v >> 63);
            if (n + 10 > buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
            while ((z & ~0x7FL) != 0) {
                buf[n++] = (byte) (z | 0x80);
                z >>>= 7;
            }
            buf[n++] = (byte) z;
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, n);
        }
    }
}
