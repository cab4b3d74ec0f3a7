package dev.binfarm.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.binfarm.results.Database;
import dev.binfarm.results.Result;
import dev.binfarm.results.ResultStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Shared checks: XSD validation, XML counts against the database's results for the run. */
final class CiSupport {
    private CiSupport() { }

    record Ran(CiLauncher.Outcome outcome, String out) { }

    static Ran ci(Path home, Map<String, String> extra, Path reports, String baseline) throws Exception {
        Map<String, String> p = new HashMap<>(extra);
        p.put("binfarm.home", home.toString());
        StringWriter sw = new StringWriter();
        CiLauncher.Outcome o = CiLauncher.run(p, reports, baseline, new PrintWriter(sw));
        return new Ran(o, sw.toString());
    }

    /** Validates every XML file in {@code dir} against the committed JUnit schema; returns them. */
    static List<Path> validate(Path dir) throws Exception {
        var schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(CiSupport.class.getResource("/junit-10.xsd"));
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        for (Path f : files) schema.newValidator().validate(new StreamSource(f.toFile()));
        return files;
    }

    /** tests/failures/skipped of one suite file. */
    record Counts(int tests, int failures, int skipped) { }

    static Counts counts(Path file) throws Exception {
        Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        Counts attrs = new Counts(Integer.parseInt(suite.getAttribute("tests")), Integer.parseInt(suite.getAttribute("failures")),
                Integer.parseInt(suite.getAttribute("skipped")));
        // The attributes must agree with the testcases themselves.
        NodeList cases = suite.getElementsByTagName("testcase");
        int f = 0, s = 0;
        for (int i = 0; i < cases.getLength(); i++) {
            Element tc = (Element) cases.item(i);
            if (tc.getElementsByTagName("failure").getLength() > 0) f++;
            else if (tc.getElementsByTagName("skipped").getLength() > 0) s++;
        }
        assertEquals(new Counts(cases.getLength(), f, s), attrs, file.toString());
        return attrs;
    }

    static Counts sum(List<Path> files) throws Exception {
        int t = 0, f = 0, s = 0;
        for (Path p : files) {
            Counts c = counts(p);
            t += c.tests();
            f += c.failures();
            s += c.skipped();
        }
        return new Counts(t, f, s);
    }

    /** The same counts from the database's results of {@code run}. */
    static Counts dbCounts(Path home, long run) {
        try (Database db = Database.openHome(home)) {
            List<Result> rs = new ArrayList<>(db.results().ofRun(run));
            int f = 0, s = 0;
            for (Result r : rs) {
                if (r.status() == ResultStatus.SKIPPED) s++;
                else if (!r.status().passed()) f++;
            }
            return new Counts(rs.size(), f, s);
        }
    }

    static String trigger(Path home, long run) {
        try (Database db = Database.openHome(home)) {
            return db.runs().get(run).orElseThrow().trigger().label();
        }
    }
}
