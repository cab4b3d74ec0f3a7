package dev.binfarm.orchestrator;

import java.util.Map;
import org.quartz.JobDataMap;

/**
 * One cell of a run as planned: the app (by id at the catalog revision the run uses), the
 * runtime row and the profile row. Travels to the executing node as Quartz job data
 * (string properties), so any node of the cluster can run it.
 */
public record PlannedCell(long run, long catalogId, String catalog, String commit, long appId, String app,
                          long runtimeId, String runtime, long profileId, String profile) {

    /** The Quartz job name: unique per run and cell, so scheduling a cell twice is refused. */
    String jobName() {
        return "cell-" + run + "-" + appId + "-" + runtimeId + "-" + profileId;
    }

    @Override
    public String toString() {
        return catalog + "/" + app + " on " + runtime + " (" + profile + ")";
    }

    JobDataMap toJobData() {
        JobDataMap m = new JobDataMap();
        m.put("run", Long.toString(run));
        m.put("catalogId", Long.toString(catalogId));
        m.put("catalog", catalog);
        m.put("commit", commit);
        m.put("appId", Long.toString(appId));
        m.put("app", app);
        m.put("runtimeId", Long.toString(runtimeId));
        m.put("runtime", runtime);
        m.put("profileId", Long.toString(profileId));
        m.put("profile", profile);
        return m;
    }

    static PlannedCell fromJobData(Map<String, Object> m) {
        return new PlannedCell(num(m, "run"), num(m, "catalogId"), str(m, "catalog"), str(m, "commit"),
                num(m, "appId"), str(m, "app"), num(m, "runtimeId"), str(m, "runtime"), num(m, "profileId"),
                str(m, "profile"));
    }

    private static String str(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) throw new IllegalArgumentException("cell job data lacks '" + key + "'");
        return v.toString();
    }

    private static long num(Map<String, Object> m, String key) {
        return Long.parseLong(str(m, key));
    }
}
