package io.leakscan.report;

import io.leakscan.analysis.AnalysisResult;
import io.leakscan.analysis.Confidence;
import io.leakscan.analysis.Evidence;
import io.leakscan.analysis.Finding;
import io.leakscan.analysis.FindingKind;
import io.leakscan.analysis.Scope;
import io.leakscan.analysis.Severity;
import io.leakscan.analysis.Verdict;
import io.leakscan.engine.ScanEnd;
import io.leakscan.target.EndpointRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class JunitReportTest {

    static final Instant START = Instant.parse("2026-11-29T16:45:00Z");

    static Stream<String> scenarios() {
        return ReportFixtures.SCENARIOS.stream();
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static void validate(String xml) throws Exception {
        SchemaFactory sf = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        sf.newSchema(new StreamSource(JunitReportTest.class.getResourceAsStream("/schemas/junit-common.xsd")))
                .newValidator().validate(new StreamSource(new StringReader(xml)));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void validAgainstTheCommonShapeAndCountsAddUp(String scenario) throws Exception {
        String xml = ReportFormat.JUNIT.renderToString(ReportFixtures.scenario(scenario, "scan-1", START));
        validate(xml);
        Element root = parse(xml).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        int tests = 0;
        int failures = 0;
        int errors = 0;
        int skipped = 0;
        for (Element suite : children(root, "testsuite")) {
            List<Element> cases = children(suite, "testcase");
            int f = count(cases, "failure");
            int e = count(cases, "error");
            int s = count(cases, "skipped");
            assertThat(suite.getAttribute("tests")).isEqualTo(String.valueOf(cases.size()));
            assertThat(suite.getAttribute("failures")).isEqualTo(String.valueOf(f));
            assertThat(suite.getAttribute("errors")).isEqualTo(String.valueOf(e));
            assertThat(suite.getAttribute("skipped")).isEqualTo(String.valueOf(s));
            tests += cases.size();
            failures += f;
            errors += e;
            skipped += s;
        }
        assertThat(root.getAttribute("tests")).isEqualTo(String.valueOf(tests));
        assertThat(root.getAttribute("failures")).isEqualTo(String.valueOf(failures));
        assertThat(root.getAttribute("errors")).isEqualTo(String.valueOf(errors));
        assertThat(root.getAttribute("skipped")).isEqualTo(String.valueOf(skipped));
    }

    @Test
    void middlewareLeakFailsTheGoroutineCheckOfEveryEndpoint() throws Exception {
        Element root = parse(ReportFormat.JUNIT.renderToString(ReportFixtures.middlewareLeaky("s", START)))
                .getDocumentElement();
        List<Element> suites = children(root, "testsuite");
        assertThat(suites).extracting(s -> s.getAttribute("name"))
                .containsExactly("GET /users/:id", "GET /hello", "application");
        for (Element endpoint : suites.subList(0, 2)) {
            Element goroutines = testcase(endpoint, "goroutine retention");
            Element failure = children(goroutines, "failure").getFirst();
            assertThat(failure.getAttribute("type")).isEqualTo("LINGERING_GOROUTINES");
            assertThat(failure.getAttribute("message")).startsWith("Every request leaves a goroutine");
            assertThat(failure.getTextContent()).contains("main.orphanedWork.func1.1")
                    .contains("cmd/brief-middleware-leaky/server.go:33").contains("Fix: ");
            assertThat(children(testcase(endpoint, "open file descriptors"), "skipped").getFirst()
                    .getAttribute("message")).isEqualTo("no OPEN_FDS telemetry");
        }
        Element app = suites.get(2);
        assertThat(children(testcase(app, "profiling endpoints exposed"), "failure")).hasSize(1);
        assertThat(children(testcase(app, "target stayed up"), "failure")).isEmpty();
        assertThat(children(app, "testcase")).hasSize(2);
    }

    @Test
    void inconclusiveScanSkipsWhatItCouldNotMeasure() throws Exception {
        Element root = parse(ReportFormat.JUNIT.renderToString(ReportFixtures.inconclusive("s", START)))
                .getDocumentElement();
        assertThat(root.getAttribute("failures")).isEqualTo("0");
        assertThat(root.getAttribute("skipped")).isEqualTo("6");
        Element app = children(root, "testsuite").get(1);
        assertThat(children(testcase(app, "target stayed up"), "skipped")).hasSize(1);
    }

    @Test
    void failedScanIsAnErrorNotASilentPass() throws Exception {
        Element root = parse(ReportFormat.JUNIT.renderToString(ReportFixtures.failed("s", START)))
                .getDocumentElement();
        assertThat(root.getAttribute("errors")).isEqualTo("1");
        Element scan = children(root, "testsuite").getLast();
        assertThat(scan.getAttribute("name")).isEqualTo("scan");
        Element error = children(children(scan, "testcase").getFirst(), "error").getFirst();
        assertThat(error.getAttribute("type")).isEqualTo("TARGET_DISTRESS");
        assertThat(error.getAttribute("message")).contains("37% of requests timed out");
    }

    @Test
    void hostileStringsStayWellFormed() throws Exception {
        EndpointRef ep = new EndpointRef("GET", "/a\"b<c>&d]]>");
        Finding f = new Finding(FindingKind.GOROUTINE_LEAK, ep, Scope.HANDLER, Severity.HIGH,
                new Confidence(0.9, List.of()), "<script>alert(1)</script> & ]]> \u0001bell",
                new Evidence(List.of(), "GOROUTINES", List.of()), "fix </failure><x>", 401);
        ScanReport r = ScanReport.of(ScanMetadata.of("s", "http://127.0.0.1:1", "quick", false, "v",
                        ScanEnd.SUCCEEDED, START, START.plusSeconds(1), null, null), List.of(),
                List.of(new EndpointStats(ep, 1, 1, Map.of("200", 1L), null, null,
                        List.of(CheckRun.ran(Check.GOROUTINES)))), TimeSeries.empty(),
                new AnalysisResult(Verdict.LEAKS_FOUND, "s", List.of(f)));
        String xml = ReportFormat.JUNIT.renderToString(r);
        validate(xml);
        Element suite = children(parse(xml).getDocumentElement(), "testsuite").getFirst();
        assertThat(suite.getAttribute("name")).isEqualTo("GET /a\"b<c>&d]]>");
        Element failure = children(children(suite, "testcase").getFirst(), "failure").getFirst();
        assertThat(failure.getAttribute("message")).isEqualTo("<script>alert(1)</script> & ]]> bell");
        assertThat(failure.getTextContent()).contains("fix </failure><x>");
    }

    private static Element testcase(Element suite, String name) {
        return children(suite, "testcase").stream().filter(c -> c.getAttribute("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no test case " + name + " in " + suite.getAttribute("name")));
    }

    private static int count(List<Element> cases, String tag) {
        return (int) cases.stream().filter(c -> !children(c, tag).isEmpty()).count();
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }
}
