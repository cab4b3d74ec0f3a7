package dev.binfarm.ci;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Post-processing of the legacy XML listener's report: it writes one testsuite for the
 * whole engine; CI servers and the issue want one file per catalog, so each testcase
 * moves to {@code TEST-binfarm.<catalog>.xml} (its classname is {@code catalog.app}) with
 * the suite's counts recomputed and its properties and timestamp kept.
 */
final class JUnitXml {
    private JUnitXml() { }

    /** @param durations the farm's cell durations in ms by "name\0classname"; they replace the listener's times */
    static List<Path> splitByCatalog(Path report, Set<String> catalogs, Map<String, Long> durations, Path dir)
            throws IOException {
        try {
            var f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document src = f.newDocumentBuilder().parse(report.toFile());
            Element suite = src.getDocumentElement();
            dropBlankText(suite);
            // Longest name first: catalog names may contain dots, "a.b" must win over "a".
            List<String> names = new ArrayList<>(catalogs);
            names.sort(Comparator.comparingInt(String::length).reversed());
            Map<String, List<Element>> byCatalog = new LinkedHashMap<>();
            for (String c : catalogs) byCatalog.put(c, new ArrayList<>());
            NodeList cases = suite.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element tc = (Element) cases.item(i);
                String cls = tc.getAttribute("classname");
                Long ms = durations.get(tc.getAttribute("name") + "\u0000" + cls);
                if (ms != null) tc.setAttribute("time", String.format(java.util.Locale.ROOT, "%.3f", ms / 1000.0));
                for (String c : names) {
                    if (cls.startsWith(c + ".")) {
                        byCatalog.get(c).add(tc);
                        break;
                    }
                }
            }
            List<Path> out = new ArrayList<>();
            for (var e : byCatalog.entrySet()) {
                if (e.getValue().isEmpty()) continue;
                Path file = dir.resolve("TEST-binfarm." + e.getKey() + ".xml");
                write(suite, e.getKey(), e.getValue(), f.newDocumentBuilder().newDocument(), file);
                out.add(file);
            }
            return out;
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot split the JUnit XML report " + report + ": " + e.getMessage(), e);
        }
    }

    /** Whitespace between elements would be indented again on output, doubling the blank lines. */
    private static void dropBlankText(Node n) {
        for (Node c = n.getFirstChild(); c != null; ) {
            Node next = c.getNextSibling();
            if (c.getNodeType() == Node.TEXT_NODE && c.getTextContent().isBlank() && n.getChildNodes().getLength() > 1)
                n.removeChild(c);
            else if (c.getNodeType() == Node.ELEMENT_NODE) dropBlankText(c);
            c = next;
        }
    }

    private static void write(Element srcSuite, String catalog, List<Element> cases, Document doc, Path file) throws Exception {
        Element suite = doc.createElement("testsuite");
        doc.appendChild(suite);
        suite.setAttribute("name", "binfarm." + catalog);
        int failures = 0, errors = 0, skipped = 0;
        double time = 0;
        for (Element tc : cases) {
            if (tc.getElementsByTagName("failure").getLength() > 0) failures++;
            else if (tc.getElementsByTagName("error").getLength() > 0) errors++;
            else if (tc.getElementsByTagName("skipped").getLength() > 0) skipped++;
            try { time += Double.parseDouble(tc.getAttribute("time")); } catch (NumberFormatException ignored) { }
        }
        suite.setAttribute("tests", Integer.toString(cases.size()));
        suite.setAttribute("skipped", Integer.toString(skipped));
        suite.setAttribute("failures", Integer.toString(failures));
        suite.setAttribute("errors", Integer.toString(errors));
        suite.setAttribute("time", String.format(java.util.Locale.ROOT, "%.3f", time));
        for (String a : List.of("hostname", "timestamp"))
            if (srcSuite.hasAttribute(a)) suite.setAttribute(a, srcSuite.getAttribute(a));
        NodeList props = srcSuite.getElementsByTagName("properties");
        if (props.getLength() > 0) suite.appendChild(doc.importNode(props.item(0), true));
        for (Element tc : cases) suite.appendChild(doc.importNode(tc, true));
        for (Node n = srcSuite.getFirstChild(); n != null; n = n.getNextSibling())
            if (n instanceof Element el && (el.getTagName().equals("system-out") || el.getTagName().equals("system-err")))
                suite.appendChild(doc.importNode(el, true));
        var t = TransformerFactory.newInstance().newTransformer();
        t.setOutputProperty(OutputKeys.INDENT, "yes");
        t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        t.transform(new DOMSource(doc), new StreamResult(file.toFile()));
    }
}
