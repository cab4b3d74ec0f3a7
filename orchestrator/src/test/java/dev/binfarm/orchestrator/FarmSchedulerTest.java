package dev.binfarm.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FarmSchedulerTest {
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
}
