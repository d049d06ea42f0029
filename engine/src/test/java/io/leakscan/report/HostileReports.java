package io.leakscan.report;

import io.leakscan.analysis.AnalysisResult;
import io.leakscan.analysis.Confidence;
import io.leakscan.analysis.Evidence;
import io.leakscan.analysis.Figure;
import io.leakscan.analysis.Finding;
import io.leakscan.analysis.FindingKind;
import io.leakscan.analysis.Scope;
import io.leakscan.analysis.Severity;
import io.leakscan.analysis.StackEvidence;
import io.leakscan.analysis.Verdict;
import io.leakscan.engine.ScanEnd;
import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.Sample;
import io.leakscan.telemetry.Signal;
import io.leakscan.telemetry.parse.Frame;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A report whose every string a target (or a careless user) controls tries to break out of its context. */
final class HostileReports {

    static final String SCRIPT = "<script>window.__pwned=1</script>";
    static final String IMG = "<img src=x onerror=\"window.__pwned=2\">";
    /** Thymeleaf's own expression syntaxes (inlined, unescaped-inlined, preprocessed, SpEL type access). */
    static final String EXPRESSION = "[[${7*7}]] [(${7*6})] __${7*5}__ ${T(java.lang.System).exit(3)}";

    private HostileReports() {
    }

    static ScanReport hostile(Instant start) {
        return withPayloads(start, SCRIPT, IMG);
    }

    /** Every string carries template expressions: rendered as text, never evaluated. */
    static ScanReport templateExpressions(Instant start) {
        return withPayloads(start, EXPRESSION, "'\"" + EXPRESSION);
    }

    private static ScanReport withPayloads(Instant start, String text, String markup) {
        EndpointRef ep = new EndpointRef("GET", "/x/" + text + "'\"|`");
        Frame site = new Frame("main.(*h)." + markup, "/src/app/" + text + ".go", 12);
        Finding f = new Finding(FindingKind.ABORT_IGNORED, ep, Scope.HANDLER, Severity.CRITICAL,
                new Confidence(0.99, List.of(markup)), text + " leaks | `rm -rf` ]]> & more",
                new Evidence(List.of(new Figure(markup, 1, text)), text,
                        List.of(new StackEvidence(0, 5, site, List.of(site), site, markup, 0))),
                "Fix it: `" + text + "` and " + markup + " [link](javascript:alert(1))", 772);
        return ScanReport.of(ScanMetadata.of("id-" + text, "http://127.0.0.1:8080/" + "%3Cscript%3E",
                        "memory" + markup, true, "v" + text, ScanEnd.SUCCEEDED, start, start.plusSeconds(3), null,
                        null),
                List.of(DiscoveredTelemetry.missing(Signal.GOROUTINES, text + markup)),
                List.of(new EndpointStats(ep, 1, 10, Map.of("200", 10L), Map.of(text, 1L), null,
                        List.of(CheckRun.skipped(Check.HEAP, markup), CheckRun.ran(Check.ABORTS)))),
                TimeSeries.fromSamples(List.of(
                        new Sample(start, text, ep, Map.of(Signal.GOROUTINES, 3.0), null),
                        new Sample(start.plusSeconds(1), "load" + markup, ep,
                                Map.of(Signal.GOROUTINES, 8.0), null))),
                new AnalysisResult(Verdict.LEAKS_FOUND, "Summary " + text + markup, List.of(f)));
    }
}
