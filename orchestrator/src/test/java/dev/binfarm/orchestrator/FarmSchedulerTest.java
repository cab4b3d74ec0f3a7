package dev.binfarm.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.binfarm.results.Database;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FarmSchedulerTest {
    @TempDir Path tmp;

    /**
     * Quartz's AUTO ids (host + millisecond) were equal for two workers started together, and the
     * cluster then mixed up their check-ins and fired triggers (ClusterTest, once in ten runs under load).
     */
    @Test
    void instanceIdsDifferEvenWithinOneMillisecond() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) ids.add(FarmScheduler.instanceId("w1"));
        assertEquals(1000, ids.size());
        String id = ids.iterator().next();
        assertTrue(id.matches("w1-[0-9a-f]{8}"), id);
    }

    @Test
    void instanceIdsFitQuartzsColumnsAndTheReadyLine() {
        String id = FarmScheduler.instanceId("build3:41817, a node name (much) longer than anyone would choose");
        assertTrue(id.length() <= 57, id);
        assertTrue(id.matches("build3_41817__a_node_name__much__longer_than_any-[0-9a-f]{8}"), id);
    }

    /** Quartz's registry used to hand the second node the first one's scheduler (the same instance id). */
    @Test
    void aSecondNodeInOneJvmGetsItsOwnScheduler() throws Exception {
        try (Database db = Database.openHome(tmp)) {
            FarmScheduler a = FarmScheduler.create(node(db, "a"), FarmScheduler.Config.of(1));
            FarmScheduler b = FarmScheduler.create(node(db, "b"), FarmScheduler.Config.of(1));
            try {
                assertTrue(a.instanceId().startsWith("a-"), a.instanceId());
                assertTrue(b.instanceId().startsWith("b-"), b.instanceId());
            } finally {
                a.shutdown(false);
                b.shutdown(false);
            }
            // After both are gone, a new node starts afresh.
            FarmScheduler c = FarmScheduler.create(node(db, "c"), FarmScheduler.Config.of(1));
            assertTrue(c.instanceId().startsWith("c-"), c.instanceId());
            c.shutdown(false);
        }
    }

    private Node node(Database db, String name) {
        return new Node(db, new FakeWork(null, db), name, tmp, "1.0-test");
    }
}
