package dev.binfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine;

/**
 * ci/examples' Jenkinsfile and GitHub Actions workflow: the YAML parses (snakeyaml), the
 * Groovy file has the declarative pipeline's structure (balanced braces, cron trigger, junit
 * step, archive), both schedule nightly, and every {@code ./farm ...} they call parses as a
 * real farm command line (picocli against the actual command tree), including {@code ci}.
 */
class CiTemplatesTest {
    static final Path EXAMPLES = Path.of("..", "ci", "examples");
    static final Pattern CRON = Pattern.compile("(\\S+\\s+){4}\\S+");

    @Test
    @SuppressWarnings("unchecked")
    void githubWorkflowParsesSchedulesNightlyAndCallsRealCommands() throws Exception {
        Path file = EXAMPLES.resolve("github/workflows/binfarm-nightly.yml");
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        Map<String, Object> root = (Map<String, Object>) doc;
        Map<String, Object> on = (Map<String, Object>) root.get("on");
        assertNotNull(on, "workflow has triggers");
        List<Map<String, Object>> schedule = (List<Map<String, Object>>) on.get("schedule");
        String cron = (String) schedule.get(0).get("cron");
        assertTrue(CRON.matcher(cron).matches(), "five-field cron: " + cron);
        List<String> runs = new ArrayList<>();
        Map<String, Object> jobs = (Map<String, Object>) root.get("jobs");
        for (Object job : jobs.values())
            for (Map<String, Object> step : (List<Map<String, Object>>) ((Map<String, Object>) job).get("steps"))
                if (step.get("run") != null) runs.addAll(((String) step.get("run")).lines().toList());
        assertFarmCommands(runs);
        assertTrue(Files.readString(file).contains("binfarm-reports"), "reports are archived");
    }

    @Test
    void jenkinsfileIsADeclarativeNightlyPipelineCallingRealCommands() throws Exception {
        String groovy = Files.readString(EXAMPLES.resolve("Jenkinsfile"));
        String code = stripComments(groovy);
        int depth = 0;
        for (char c : code.toCharArray()) {
            if (c == '{') depth++;
            if (c == '}') depth--;
            assertTrue(depth >= 0, "braces close before they open");
        }
        assertEquals(0, depth, "balanced braces");
        assertTrue(code.strip().startsWith("pipeline {"), "declarative pipeline");
        for (String block : List.of("agent", "triggers", "stages", "post"))
            assertTrue(Pattern.compile("\\b" + block + "\\b").matcher(code).find(), "has " + block);
        Matcher cron = Pattern.compile("cron\\('([^']+)'\\)").matcher(code);
        assertTrue(cron.find() && CRON.matcher(cron.group(1)).matches(), "cron trigger");
        assertTrue(Pattern.compile("junit\\s+testResults:\\s*'binfarm-reports/\\*\\.xml'").matcher(code).find(), "junit step");
        assertTrue(Pattern.compile("archiveArtifacts\\s+artifacts:\\s*'binfarm-reports/").matcher(code).find(), "archive step");
        List<String> sh = new ArrayList<>();
        Matcher m = Pattern.compile("\\bsh\\s+'([^']+)'").matcher(code);
        while (m.find()) sh.add(m.group(1));
        assertFarmCommands(sh);
    }

    /** Every "./farm ..." line parses as a farm command; at least one of them is "farm ci". */
    static void assertFarmCommands(List<String> lines) {
        boolean ci = false;
        for (String line : lines) {
            String l = line.strip();
            if (!l.startsWith("./farm")) continue;
            String[] args = l.substring("./farm".length()).strip().split("\\s+");
            assertTrue(java.nio.file.Files.isExecutable(Path.of("..", "farm")), "./farm exists at the repository root");
            CommandLine.ParseResult pr = new CommandLine(new Farm()).parseArgs(args);
            assertFalse(pr.subcommands().isEmpty() && pr.subcommand() == null, l);
            if (pr.subcommand() != null && pr.subcommand().commandSpec().name().equals("ci")) ci = true;
        }
        assertTrue(ci, "calls farm ci: " + lines);
    }

    static String stripComments(String groovy) {
        StringBuilder sb = new StringBuilder();
        for (String line : groovy.lines().toList()) {
            int c = line.indexOf("//");
            sb.append(c >= 0 ? line.substring(0, c) : line).append('\n');
        }
        return sb.toString();
    }
}
