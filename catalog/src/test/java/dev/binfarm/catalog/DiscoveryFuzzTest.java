package dev.binfarm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A catalog full of mutated and truncated ELF files still syncs: each is an app, a note, or a library. */
class DiscoveryFuzzTest {
    @TempDir Path tmp;

    @Test
    void mutatedElfFilesNeverFailASync() throws Exception {
        byte[] good = Fixtures.gcc(tmp, "hello", Fixtures.HELLO, "-static-pie");
        Random rnd = new Random(2611);
        Map<String, Fixtures.Entry> files = new LinkedHashMap<>();
        int n = 80;
        for (int i = 0; i < n; i++) {
            byte[] b = Arrays.copyOf(good, rnd.nextBoolean() ? 4 + rnd.nextInt(2048) : good.length);
            int flips = 1 + rnd.nextInt(8);
            for (int f = 0; f < flips; f++) {
                int at = 4 + rnd.nextInt(Math.min(b.length - 4, 1024)); // keep the magic: the header is what we test
                b[at] = (byte) rnd.nextInt(256);
            }
            files.put("m" + i + "/m" + i, Fixtures.Entry.exe(b));
        }
        Fixtures.commit(tmp.resolve("repo.git"), files, "fuzz");
        Catalogs catalogs = new Catalogs(tmp.resolve("home/catalogs"), new MemoryCatalogStore());
        catalogs.add("fuzz", Fixtures.fileUrl(tmp.resolve("repo.git")), null);
        var r = catalogs.sync("fuzz");
        for (String note : r.notes()) assertTrue(note.matches("m\\d+/m\\d+: invalid ELF: .+"), note);
        for (App a : r.apps()) assertTrue(Set.of("static-pie", "dynamic", "static").contains(a.kind().label()), a.toString());
        assertTrue(r.apps().size() + r.notes().size() <= n);
        assertTrue(r.notes().size() > n / 4, "most mutations are caught: " + r.notes().size());
        assertTrue(r.apps().size() > 0, "some mutations miss the fields that matter");
        assertEquals(r.apps().size(), catalogs.apps("fuzz").apps().size());
    }
}
