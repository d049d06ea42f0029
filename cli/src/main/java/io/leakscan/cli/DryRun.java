package io.leakscan.cli;

import io.leakscan.engine.PlannedTraffic;
import io.leakscan.engine.ScanEndpoint;
import io.leakscan.probe.ProbeLimits;
import io.leakscan.target.Endpoint;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code scan --dry-run}: each endpoint and the first request it would get, header values masked; no traffic. */
final class DryRun {

    private DryRun() {
    }

    static void print(ScanSettings s, PrintWriter out) {
        String base = s.target().toString().replaceAll("/+$", "");
        for (ScanEndpoint e : s.endpoints()) {
            Endpoint r = e.request();
            out.println(e.route());
            out.println("  " + r.method() + " " + base + r.path());
            Map<String, String> headers = new LinkedHashMap<>();
            // header values are often credentials and a dry run's output lands in CI logs: names only, for the
            // target's headers and for an endpoint's own (which an endpoints file may carry, e.g. a tenant's token)
            s.headers().keySet().forEach(h -> headers.put(h, "***"));
            r.headers().keySet().forEach(h -> headers.put(h, "***"));
            if (r.contentType() != null) {
                headers.put("Content-Type", r.contentType());
            }
            headers.forEach((k, v) -> out.println("  " + k + ": " + v));
            if (r.body() != null) {
                out.println("  " + r.body().replace("\r\n", "\n").replace("\n", "\n  ").stripTrailing());
            }
        }
        if (s.telemetryUrl() != null) {
            out.println("telemetry from " + s.telemetryUrl().toString().replaceAll("/+$", "")
                    + (s.telemetryHeaders().isEmpty() ? "" : " with " + String.join(", ",
                    s.telemetryHeaders().keySet().stream().map(h -> h + ": ***").toList())));
        }
        out.flush();
    }

    /** What the scan plans to send and the least time it takes: a plan too big for a pipeline shows before it runs. */
    static Optional<String> plan(ScanSettings s) {
        PlannedTraffic t;
        try {
            t = PlannedTraffic.of(LocalScan.plan(s), ProbeLimits.DEFAULT_SERVER_MAXIMA, true);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // tuning above the maxima: the scan itself says why
        }
        int n = s.endpoints().size();
        long seconds = t.rateFloor().toSeconds();
        String floor = seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
        return Optional.of(String.format(Locale.ROOT, "plan: %s on %d endpoint%s sends about %,d requests if nothing "
                + "leaks (every endpoint answering as an ordinary one, the heap read), at least %s at its rate",
                s.profile().name(), n, n == 1 ? "" : "s", t.requests(), floor));
    }
}
