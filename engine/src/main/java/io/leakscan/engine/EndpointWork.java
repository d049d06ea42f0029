package io.leakscan.engine;

import io.leakscan.probe.TrafficKind;
import io.leakscan.telemetry.parse.GoroutineProfile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One endpoint while the scan probes it: what the analysis needs and what the report shows. */
final class EndpointWork {

    final ScanEndpoint endpoint;
    final List<RoundReport> rounds = new ArrayList<>();
    boolean streaming;
    GoroutineProfile before;
    GoroutineProfile afterLoad;
    GoroutineProfile afterSettle;
    GoroutineProfile leakAfterSettle;
    Duration elapsed = Duration.ZERO;

    EndpointWork(ScanEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * The median of the p50 latencies of its plain rounds (warm-up, load, screening), in milliseconds: where its timed
     * aborts cut. NaN when no plain request completed.
     */
    double medianLatencyMillis() {
        double[] p50 = rounds.stream().map(RoundReport::round).filter(r -> r.kind() == TrafficKind.LOAD)
                .filter(r -> r.latency().samples() > 0).mapToDouble(r -> r.latency().p50Millis()).sorted().toArray();
        if (p50.length == 0) {
            return Double.NaN;
        }
        return p50.length % 2 == 1 ? p50[p50.length / 2] : (p50[p50.length / 2 - 1] + p50[p50.length / 2]) / 2;
    }

    EndpointReport report() {
        return new EndpointReport(endpoint.route(), streaming, rounds, elapsed);
    }
}
