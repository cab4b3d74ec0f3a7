package dev.binfarm.orchestrator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs {@link SchedulingBenchmark} with the test classpath when asked:
 * {@code mvn -pl orchestrator -am test -Dtest=SchedulingBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbinfarm.bench=300,2,fake}. Not part of the normal suite: it measures, it does not judge.
 */
class SchedulingBenchmarkTest {
    @Test
    @EnabledIfSystemProperty(named = "binfarm.bench", matches = ".+")
    void benchmark() throws Exception {
        SchedulingBenchmark.main(System.getProperty("binfarm.bench").split(","));
    }
}
