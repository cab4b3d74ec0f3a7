package dev.binfarm.ci;

import dev.binfarm.catalog.Fixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Acceptance 3: ci/examples/maven-project really runs the engine through Surefire
 * ({@code mvn -o -q test}) and reaches the same verdicts as {@code farm ci}. The
 * reactor's jars are not installed in ~/.m2 during a build, so the project gets the engine
 * from this module's own test class path through Surefire's
 * {@code -Dmaven.test.additionalClasspath} (the example pom's "published" profile, which
 * would pull dev.binfarm:binfarm-ci, then switches itself off). The project is copied to a
 * temp dir so its target/ never lands in the source tree.
 */
class ExampleProjectTest {
    @TempDir Path tmp;

    static final Path EXAMPLE = Path.of("examples/maven-project");

    @Test
    void exampleProjectGetsTheSameVerdictsAsFarmCi() throws Exception {
        byte[] hello = Fixtures.staticPie(tmp.resolve("build"), "hello", Fixtures.HELLO);
        byte[] crash = Fixtures.staticPie(tmp.resolve("build"), "crash", CiLauncherTest.CRASH);
        Path repo = tmp.resolve("apps.git");
        Map<String, byte[]> files = new TreeMap<>(Fixtures.apps(hello, List.of("hello")));
        files.put("boom/boom", crash);
        Fixtures.commitPrograms(repo, files, "a greeter and a crasher");
        Path home = tmp.resolve("home");

        var ci = CiSupport.ci(home, Map.of("binfarm.catalog.local.url", repo.toUri().toString()), tmp.resolve("r"), "previous");
        Map<String, String> expected = new TreeMap<>();
        for (Path f : CiSupport.validate(tmp.resolve("r"))) expected.putAll(cellVerdicts(verdicts(f)));
        assertEquals(Map.of("local/boom on emulator (linux)", "failure", "local/hello on emulator (linux)", "pass"), expected, ci.out());

        Path project = tmp.resolve("maven-project");
        copy(EXAMPLE, project);
        List<String> cmd = new ArrayList<>(List.of("mvn", "-o", "-q", "-f", project.resolve("pom.xml").toString(), "test",
                "-Dbinfarm.home=" + home, "-Dmaven.test.additionalClasspath=" + engineClassPath()));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("mvn is not on the PATH: " + e.getMessage());
            return;
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), log);
        // boom fails, so the build fails like farm ci's exit status would.
        assertEquals(1, p.exitValue(), log);
        Map<String, String> actual = new TreeMap<>();
        try (Stream<Path> s = Files.list(project.resolve("target/surefire-reports"))) {
            for (Path f : s.filter(x -> x.toString().endsWith(".xml")).toList()) actual.putAll(verdicts(f));
        }
        // Surefire names each cell's testcase by its display name, inside the marker class.
        Map<String, String> named = new TreeMap<>();
        actual.forEach((k, v) -> named.put(k.replaceFirst("^com\\.example\\.BinfarmCells ", ""), v));
        assertEquals(expected, named, log);
        // The Surefire run is a farm run like any other: recorded with trigger "ci".
        assertEquals("ci", CiSupport.trigger(home, ci.outcome().run() + 1));
    }

    /** "classname name" -> pass, failure, error or skipped for every testcase in a JUnit XML file. */
    static Map<String, String> verdicts(Path file) throws Exception {
        Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        NodeList cases = suite.getElementsByTagName("testcase");
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element tc = (Element) cases.item(i);
            String v = "pass";
            for (String kind : List.of("failure", "error", "skipped"))
                if (tc.getElementsByTagName(kind).getLength() > 0) v = kind;
            out.put(tc.getAttribute("classname") + " " + tc.getAttribute("name"), v);
        }
        return out;
    }

    /** farm ci's "catalog.app runtime/profile" keys as the cell's display name (catalog names here have no dot). */
    static Map<String, String> cellVerdicts(Map<String, String> byTestcase) {
        Map<String, String> out = new TreeMap<>();
        byTestcase.forEach((k, v) -> {
            String[] cn = k.split(" ", 2);
            String[] rp = cn[1].split("/", 2);
            out.put(cn[0].replaceFirst("\\.", "/") + " on " + rp[0] + " (" + rp[1] + ")", v);
        });
        return out;
    }

    /** This module's runtime class path (classes and dependency jars), without test code and test engines. */
    static String engineClassPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> out = new ArrayList<>();
        for (String e : cp.split(File.pathSeparator)) {
            String n = Path.of(e).getFileName().toString();
            if (e.contains("test-classes") || n.startsWith("junit-jupiter") || n.startsWith("surefire")) continue;
            out.add(e);
        }
        return String.join(",", out);
    }

    static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                if (from.relativize(p).startsWith("target")) continue;
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }
}
