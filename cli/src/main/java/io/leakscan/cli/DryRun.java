package io.leakscan.cli;

import io.leakscan.engine.ScanEndpoint;
import io.leakscan.target.Endpoint;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

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
}
