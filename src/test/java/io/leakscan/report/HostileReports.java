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
import io.leakscan.telemetry.Signal;
import io.leakscan.telemetry.parse.Frame;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A report whose every string a target (or a careless user) controls tries to break out of its context. */
final class HostileReports {

    static final String SCRIPT = "<script>window.__pwned=1</script>";
    static final String IMG = "<img src=x onerror=\"window.__pwned=2\">";

    private HostileReports() {
    }

    static ScanReport hostile(Instant start) {
        EndpointRef ep = new EndpointRef("GET", "/x/" + SCRIPT + "'\"|`");
        Frame site = new Frame("main.(*h)." + IMG, "/src/app/" + SCRIPT + ".go", 12);
        Finding f = new Finding(FindingKind.ABORT_IGNORED, ep, Scope.HANDLER, Severity.CRITICAL,
                new Confidence(0.99, List.of(IMG)), SCRIPT + " leaks | `rm -rf` ]]> & more",
                new Evidence(List.of(new Figure(IMG, 1, SCRIPT)), SCRIPT,
                        List.of(new StackEvidence(0, 5, site, List.of(site), site, IMG, 0))),
                "Fix it: `" + SCRIPT + "` and " + IMG + " [link](javascript:alert(1))", 772);
        return ScanReport.of(ScanMetadata.of("id-" + SCRIPT, "http://127.0.0.1:8080/" + "%3Cscript%3E",
                        "memory" + IMG, true, "v" + SCRIPT, ScanEnd.SUCCEEDED, start, start.plusSeconds(3), null,
                        null),
                List.of(DiscoveredTelemetry.missing(Signal.GOROUTINES, SCRIPT + IMG)),
                List.of(new EndpointStats(ep, 1, 10, Map.of("200", 10L), Map.of(SCRIPT, 1L), null,
                        List.of(CheckRun.skipped(Check.HEAP, IMG), CheckRun.ran(Check.ABORTS)))),
                TimeSeries.fromSamples(List.of(
                        new io.leakscan.telemetry.Sample(start, SCRIPT, ep, Map.of(Signal.GOROUTINES, 3.0), null),
                        new io.leakscan.telemetry.Sample(start.plusSeconds(1), "load" + IMG, ep,
                                Map.of(Signal.GOROUTINES, 8.0), null))),
                new AnalysisResult(Verdict.LEAKS_FOUND, "Summary " + SCRIPT + IMG, List.of(f)));
    }
}
