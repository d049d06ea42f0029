package io.leakscan.report;

import io.leakscan.analysis.Figure;
import io.leakscan.analysis.Finding;
import io.leakscan.analysis.FindingKind;
import io.leakscan.analysis.StackEvidence;
import io.leakscan.baseline.BaselineComparison;
import io.leakscan.baseline.FindingFingerprint;
import io.leakscan.engine.ScanEnd;
import io.leakscan.telemetry.parse.Frame;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * SARIF 2.1.0: one rule per finding kind, one result per finding located at the leak site's source line (relative to
 * {@code %SRCROOT%}, the Go module root, when {@link GoSourcePaths} can tell it), so code-scanning tools annotate the
 * line. A finding without a stack is located at its endpoint by a logical location only.
 */
public final class SarifReportRenderer implements ReportRenderer {

    static final String SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
    static final String SRCROOT = "%SRCROOT%";
    static final String FINGERPRINT_KEY = FindingFingerprint.KEY;

    private final ReportOptions options;

    SarifReportRenderer(ReportOptions options) {
        this.options = options;
    }

    @Override
    public void render(ScanReport report, OutputStream out) throws IOException {
        ReportJson.mapper().writeValue(out, toSarif(report));
        out.write('\n');
    }

    ObjectNode toSarif(ScanReport report) {
        GoSourcePaths paths = GoSourcePaths.forReport(report, options);
        ObjectNode log = ReportJson.mapper().createObjectNode();
        log.put("$schema", SCHEMA_URI);
        log.put("version", "2.1.0");
        ObjectNode run = log.putArray("runs").addObject();

        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "Leakscan");
        driver.put("version", report.scan().toolVersion());
        if (options.informationUri() != null) {
            driver.put("informationUri", options.informationUri());
        }
        ArrayNode rules = driver.putArray("rules");
        for (FindingKind kind : FindingKind.values()) {
            rules.add(rule(Rules.of(kind)));
        }

        // Category "leakscan" (the part before the last slash), this scan as the instance: code scanning groups runs by it.
        run.putObject("automationDetails").put("id", "leakscan/" + report.scan().id());

        ObjectNode invocation = run.putArray("invocations").addObject();
        invocation.put("executionSuccessful", report.scan().status() == ScanEnd.SUCCEEDED);
        invocation.put("startTimeUtc", report.scan().startedAt().toString());
        invocation.put("endTimeUtc", report.scan().finishedAt().toString());
        ArrayNode notes = invocation.putArray("toolExecutionNotifications");
        if (report.scan().failure() != null) {
            ObjectNode n = notes.addObject();
            n.putObject("message").put("text", report.scan().failure().message());
            n.put("level", "error");
            n.putObject("descriptor").put("id", report.scan().failure().code());
        }
        for (DiscoveredTelemetry t : report.telemetry()) {
            if (!t.available()) {
                ObjectNode n = notes.addObject();
                n.putObject("message").put("text", "No " + t.signal() + " telemetry: " + t.reason()
                        + ". No claim is made about this signal.");
                n.put("level", "note");
                n.putObject("descriptor").put("id", "MISSING_TELEMETRY");
            }
        }

        if (options.moduleDir() != null) {
            // Paths start at the repository's root now, which the binary's compiled-in paths do not show: a base
            // without a uri is SARIF's "known by name only", and code scanning resolves it as the checkout.
            run.putObject("originalUriBaseIds").putObject(SRCROOT).putObject("description").put("text",
                    "The repository's root; the Go module lies in " + options.moduleDir() + "/.");
        } else {
            paths.root().ifPresent(root -> run.putObject("originalUriBaseIds").putObject(SRCROOT)
                    .put("uri", fileUri(root))
                    .putObject("description").put("text", "The Go module root as compiled into the target binary."));
        }

        ArrayNode results = run.putArray("results");
        for (Finding f : report.findings()) {
            results.add(result(f, paths, report.baseline()));
        }

        ObjectNode props = run.putObject("properties");
        props.put("scanId", report.scan().id());
        props.put("target", report.scan().targetBaseUrl());
        props.put("profile", report.scan().profile());
        props.put("verdict", report.verdict().name());
        props.put("summary", report.summary());
        // which wrong inputs each endpoint got (--echo-specific): a clean result says what was tried
        ObjectNode inputs = ReportJson.mapper().createObjectNode();
        report.endpoints().forEach(e -> e.checks().stream().filter(c -> c.check() == Check.WRONG_INPUTS && c.ran())
                .forEach(c -> c.inputs().forEach(inputs.withArray(e.endpoint().toString())::add)));
        if (!inputs.isEmpty()) {
            props.set("wrongInputs", inputs);
        }
        return log;
    }

    private static ObjectNode rule(Rules r) {
        ObjectNode rule = ReportJson.mapper().createObjectNode();
        rule.put("id", r.kind().name());
        rule.put("name", r.name());
        rule.putObject("shortDescription").put("text", r.shortDescription());
        rule.putObject("fullDescription").put("text", r.fullDescription());
        ObjectNode help = rule.putObject("help");
        help.put("text", r.fullDescription() + "\n\nFix: " + r.help().replace("`", ""));
        help.put("markdown", "**" + r.shortDescription() + "**\n\n" + r.fullDescription()
                + "\n\n**Fix (Echo):** " + r.help());
        rule.putObject("defaultConfiguration").put("level", Rules.sarifLevel(r.defaultSeverity()));
        ObjectNode props = rule.putObject("properties");
        ArrayNode tags = props.putArray("tags");
        r.tags().forEach(tags::add);
        if (r.cwe() != null) {
            tags.add("external/cwe/cwe-" + r.cwe());
        }
        props.put("precision", "high");
        props.put("problem.severity", Rules.sarifLevel(r.defaultSeverity()));
        props.put("security-severity", Rules.securitySeverity(r.defaultSeverity()));
        return rule;
    }

    private ObjectNode result(Finding f, GoSourcePaths paths, BaselineComparison baseline) {
        ObjectNode result = ReportJson.mapper().createObjectNode();
        result.put("ruleId", f.kind().name());
        result.put("ruleIndex", f.kind().ordinal());
        result.put("level", Rules.sarifLevel(f.severity()));
        result.putObject("message").put("text", message(f));

        StackEvidence top = f.evidence().stacks().isEmpty() ? null : f.evidence().stacks().getFirst();
        Frame site = top == null ? null : top.leakSite();
        ObjectNode location = result.putArray("locations").addObject();
        Optional<GoSourcePaths.SourceFile> file = paths.locate(site);
        file.ifPresent(sf -> physical(location, sf));
        ArrayNode logical = location.putArray("logicalLocations");
        if (site != null) {
            ObjectNode fn = logical.addObject();
            fn.put("name", shortName(site.function()));
            fn.put("fullyQualifiedName", site.function());
            fn.put("kind", "function");
        }
        ObjectNode ep = logical.addObject();
        ep.put("name", f.endpoint() == null ? "application" : f.endpoint().toString());
        ep.put("fullyQualifiedName", f.endpoint() == null ? "application" : f.endpoint().toString());
        ep.put("kind", "resource");

        if (top != null) {
            ArrayNode related = ReportJson.mapper().createArrayNode();
            int id = 1;
            if (top.createdBy() != null) {
                id = relate(related, id, top.createdBy(), "created by " + top.createdBy().function(), paths);
            }
            for (Frame frame : top.appFrames()) {
                if (!frame.equals(site)) {
                    id = relate(related, id, frame, "called from " + frame.function(), paths);
                }
            }
            if (!related.isEmpty()) {
                result.set("relatedLocations", related);
            }
        }

        result.putObject("partialFingerprints").put(FINGERPRINT_KEY, FindingFingerprint.of(f));
        if (baseline != null) {
            result.put("baselineState", baseline.stateOf(f).sarifName());
        }

        ObjectNode props = result.putObject("properties");
        props.put("endpoint", f.endpoint() == null ? null : f.endpoint().toString());
        props.put("scope", f.scope().name());
        props.put("severity", f.severity().name());
        props.put("confidence", f.confidence().value());
        ArrayNode reasons = props.putArray("confidenceReasons");
        f.confidence().reasons().forEach(reasons::add);
        ArrayNode figures = props.putArray("figures");
        for (Figure fig : f.evidence().figures()) {
            figures.addObject().put("name", fig.name()).put("value", fig.value()).put("unit", fig.unit());
        }
        props.put("series", f.evidence().series());
        props.put("remediation", f.remediation());
        if (f.cwe() != null) {
            props.put("cwe", "CWE-" + f.cwe());
        }
        if (top != null) {
            props.put("goroutinesBefore", top.before());
            props.put("goroutinesAfter", top.after());
            if (top.waitState() != null) {
                props.put("waitState", top.waitState());
            }
        }
        return result;
    }

    private static int relate(ArrayNode related, int id, Frame frame, String text, GoSourcePaths paths) {
        Optional<GoSourcePaths.SourceFile> sf = paths.locate(frame);
        if (sf.isEmpty()) {
            return id;
        }
        ObjectNode loc = related.addObject();
        loc.put("id", id);
        physical(loc, sf.get());
        loc.putObject("message").put("text", text);
        return id + 1;
    }

    private static void physical(ObjectNode location, GoSourcePaths.SourceFile sf) {
        ObjectNode physical = location.putObject("physicalLocation");
        ObjectNode artifact = physical.putObject("artifactLocation");
        artifact.put("uri", sf.uri());
        if (sf.relative()) {
            artifact.put("uriBaseId", SRCROOT);
        }
        if (sf.line() > 0) {
            physical.putObject("region").put("startLine", sf.line());
        }
    }

    private static String message(Finding f) {
        StringBuilder m = new StringBuilder(f.title().strip());
        if (!m.toString().endsWith(".")) {
            m.append('.');
        }
        if (!f.evidence().figures().isEmpty()) {
            m.append(" Evidence: ");
            for (int i = 0; i < f.evidence().figures().size(); i++) {
                Figure fig = f.evidence().figures().get(i);
                m.append(i == 0 ? "" : ", ").append(fig.name()).append(" = ").append(Text.number(fig.value()))
                        .append(' ').append(fig.unit());
            }
            m.append('.');
        }
        m.append(" Fix: ").append(f.remediation().strip());
        return m.toString();
    }

    /** {@code github.com/a/b/api.(*S).stream.func1} to {@code (*S).stream.func1}. */
    static String shortName(String function) {
        String pkg = GoSourcePaths.packagePath(function);
        return function.length() > pkg.length() + 1 ? function.substring(pkg.length() + 1) : function;
    }

    private static String fileUri(String root) {
        String path = root.startsWith("/") ? root : "/" + root;
        try {
            return new URI("file", "", path.endsWith("/") ? path : path + "/", null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("source root is not a path: " + root, e);
        }
    }
}
