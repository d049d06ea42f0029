package io.leakscan.report;

import io.leakscan.analysis.Figure;
import io.leakscan.analysis.Finding;
import io.leakscan.analysis.Scope;
import io.leakscan.analysis.StackEvidence;
import io.leakscan.engine.ScanEnd;
import io.leakscan.engine.ScanFailure;
import io.leakscan.target.EndpointRef;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * JUnit XML in the shape CI systems read (Surefire, Jenkins, GitLab, GitHub test reporters): a test suite per
 * endpoint, a test case per check that endpoint went through, a {@code failure} per check with findings, and
 * {@code skipped} for checks that could not run. Application-wide checks and findings without an endpoint go to a
 * suite named {@code application}; a scan that did not complete adds an {@code error} in a suite named {@code scan}.
 */
public final class JunitReportRenderer implements ReportRenderer {

    static final String APPLICATION_SUITE = "application";
    static final String SCAN_SUITE = "scan";

    private final ReportOptions options;

    JunitReportRenderer(ReportOptions options) {
        this.options = options;
    }

    /** One test case before it is written. */
    private record Case(String name, List<Finding> findings, String skipReason, String errorType, String errorMessage) {
    }

    private record Suite(String name, List<Case> cases) {
        long failures() {
            return cases.stream().filter(c -> !c.findings().isEmpty()).count();
        }

        long skipped() {
            return cases.stream().filter(c -> c.findings().isEmpty() && c.skipReason() != null).count();
        }

        long errors() {
            return cases.stream().filter(c -> c.errorType() != null).count();
        }
    }

    @Override
    public void render(ScanReport report, OutputStream out) throws IOException {
        List<Suite> suites = suites(report);
        GoSourcePaths paths = GoSourcePaths.forReport(report, options);
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(w);
            x.writeStartDocument("UTF-8", "1.0");
            nl(x, 0);
            x.writeStartElement("testsuites");
            x.writeAttribute("name", clean("Leakscan " + report.scan().targetBaseUrl()));
            x.writeAttribute("tests", String.valueOf(suites.stream().mapToInt(s -> s.cases().size()).sum()));
            x.writeAttribute("failures", String.valueOf(suites.stream().mapToLong(Suite::failures).sum()));
            x.writeAttribute("errors", String.valueOf(suites.stream().mapToLong(Suite::errors).sum()));
            x.writeAttribute("skipped", String.valueOf(suites.stream().mapToLong(Suite::skipped).sum()));
            x.writeAttribute("time", seconds(report.scan().durationMs()));
            x.writeAttribute("timestamp", report.scan().startedAt().toString());
            for (Suite s : suites) {
                nl(x, 1);
                x.writeStartElement("testsuite");
                x.writeAttribute("name", clean(s.name()));
                x.writeAttribute("tests", String.valueOf(s.cases().size()));
                x.writeAttribute("failures", String.valueOf(s.failures()));
                x.writeAttribute("errors", String.valueOf(s.errors()));
                x.writeAttribute("skipped", String.valueOf(s.skipped()));
                x.writeAttribute("time", "0");
                x.writeAttribute("timestamp", report.scan().startedAt().toString());
                nl(x, 2);
                x.writeStartElement("properties");
                property(x, "scanId", report.scan().id());
                property(x, "target", report.scan().targetBaseUrl());
                property(x, "profile", report.scan().profile());
                property(x, "verdict", report.verdict().name());
                nl(x, 2);
                x.writeEndElement();
                for (Case c : s.cases()) {
                    nl(x, 2);
                    x.writeStartElement("testcase");
                    x.writeAttribute("name", clean(c.name()));
                    x.writeAttribute("classname", clean("leakscan." + s.name()));
                    x.writeAttribute("time", "0");
                    if (!c.findings().isEmpty()) {
                        Finding first = c.findings().getFirst();
                        nl(x, 3);
                        x.writeStartElement("failure");
                        String more = c.findings().size() > 1 ? " (and " + (c.findings().size() - 1) + " more)" : "";
                        x.writeAttribute("message", clean(first.title() + more));
                        x.writeAttribute("type", first.kind().name());
                        x.writeCharacters(clean(failureText(c.findings(), paths)));
                        x.writeEndElement();
                        nl(x, 2);
                    } else if (c.errorType() != null) {
                        nl(x, 3);
                        x.writeStartElement("error");
                        x.writeAttribute("message", clean(c.errorMessage()));
                        x.writeAttribute("type", clean(c.errorType()));
                        x.writeCharacters(clean(c.errorMessage()));
                        x.writeEndElement();
                        nl(x, 2);
                    } else if (c.skipReason() != null) {
                        nl(x, 3);
                        x.writeEmptyElement("skipped");
                        x.writeAttribute("message", clean(c.skipReason()));
                        nl(x, 2);
                    }
                    x.writeEndElement();
                }
                nl(x, 1);
                x.writeEndElement();
            }
            nl(x, 0);
            x.writeEndElement();
            x.writeEndDocument();
            x.flush();
            x.close();
            w.write('\n');
        } catch (XMLStreamException e) {
            throw new IOException("cannot write JUnit XML", e);
        }
        w.flush();
    }

    static List<Suite> suites(ScanReport report) {
        Map<EndpointRef, List<CheckRun>> checks = new LinkedHashMap<>();
        report.endpoints().forEach(e -> checks.put(e.endpoint(), e.checks()));
        // Findings on endpoints the stats do not list still get a suite: never drop a finding.
        report.findings().stream().map(Finding::endpoint).filter(Objects::nonNull)
                .forEach(e -> checks.putIfAbsent(e, List.of()));

        List<Suite> suites = new ArrayList<>();
        for (Map.Entry<EndpointRef, List<CheckRun>> e : checks.entrySet()) {
            List<Finding> findings = report.findingsAffecting(e.getKey());
            Set<Check> present = EnumSet.noneOf(Check.class);
            e.getValue().forEach(r -> present.add(r.check()));
            findings.forEach(f -> present.add(Check.of(f.kind())));
            List<Case> cases = new ArrayList<>();
            for (Check check : present) {
                List<Finding> hits = findings.stream().filter(f -> Check.of(f.kind()) == check).toList();
                String skip = e.getValue().stream().filter(r -> r.check() == check && !r.ran())
                        .map(CheckRun::reason).findFirst().orElse(null);
                cases.add(new Case(check.title(), hits, skip, null, null));
            }
            suites.add(new Suite(e.getKey().toString(), cases));
        }

        // Middleware findings already failed every endpoint's check; the rest without an endpoint land here.
        boolean endpointSuites = !checks.isEmpty();
        List<Finding> unattributed = report.findings().stream()
                .filter(f -> f.endpoint() == null || Check.of(f.kind()).applicationWide())
                .filter(f -> !(endpointSuites && f.scope() == Scope.MIDDLEWARE && !Check.of(f.kind()).applicationWide()))
                .toList();
        Set<Check> appChecks = EnumSet.noneOf(Check.class);
        if (report.scan().status() == ScanEnd.SUCCEEDED) {
            appChecks.add(Check.PROFILING_EXPOSURE);
            appChecks.add(Check.TARGET_STABILITY);
        }
        unattributed.forEach(f -> appChecks.add(Check.of(f.kind())));
        boolean anyTelemetry = report.telemetry().stream().anyMatch(DiscoveredTelemetry::available);
        List<Case> appCases = new ArrayList<>();
        for (Check check : appChecks) {
            List<Finding> hits = unattributed.stream().filter(f -> Check.of(f.kind()) == check).toList();
            String skip = check == Check.TARGET_STABILITY && !anyTelemetry && hits.isEmpty()
                    ? "no telemetry to tell a restart by" : null;
            appCases.add(new Case(check.title(), hits, skip, null, null));
        }
        if (!appCases.isEmpty()) {
            suites.add(new Suite(APPLICATION_SUITE, appCases));
        }
        if (report.scan().failure() != null) {
            ScanFailure failure = report.scan().failure();
            suites.add(new Suite(SCAN_SUITE, List.of(new Case("scan completed", List.of(), null, failure.code(),
                    failure.message()))));
        }
        return suites;
    }

    private static String failureText(List<Finding> findings, GoSourcePaths paths) {
        StringBuilder t = new StringBuilder();
        for (Finding f : findings) {
            if (!t.isEmpty()) {
                t.append("\n\n");
            }
            t.append(f.kind()).append(" (").append(f.severity()).append(", ").append(f.scope())
                    .append(" scope, confidence ").append(Text.number(f.confidence().value())).append("): ")
                    .append(f.title()).append('\n');
            for (Figure fig : f.evidence().figures()) {
                t.append("  ").append(fig.name()).append(" = ").append(Text.number(fig.value())).append(' ')
                        .append(fig.unit()).append('\n');
            }
            for (StackEvidence s : f.evidence().stacks()) {
                t.append("  stack grew ").append(s.before()).append(" -> ").append(s.after()).append(" at ")
                        .append(s.leakSite() == null ? "(unknown)" : s.leakSite().function() + " "
                                + paths.locate(s.leakSite()).map(GoSourcePaths.SourceFile::display)
                                .orElse(s.leakSite().location()))
                        .append('\n');
                if (s.createdBy() != null) {
                    t.append("    created by ").append(s.createdBy().function()).append(' ')
                            .append(s.createdBy().location()).append('\n');
                }
            }
            t.append("Fix: ").append(f.remediation());
        }
        return t.toString();
    }

    private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        nl(x, 3);
        x.writeEmptyElement("property");
        x.writeAttribute("name", name);
        x.writeAttribute("value", clean(value));
    }

    private static void nl(XMLStreamWriter x, int depth) throws XMLStreamException {
        x.writeCharacters("\n" + "  ".repeat(depth));
    }

    private static String seconds(long ms) {
        return Text.number(ms / 1000.0);
    }

    /** XML 1.0 cannot carry most control characters, even escaped: drop them instead of writing a broken file. */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            if (ok) {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}
