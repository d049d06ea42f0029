package io.leakscan.engine;

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

    EndpointReport report() {
        return new EndpointReport(endpoint.route(), streaming, rounds, elapsed);
    }
}
