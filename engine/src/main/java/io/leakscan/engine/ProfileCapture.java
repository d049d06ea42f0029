package io.leakscan.engine;

import io.leakscan.analysis.TelemetryAvailability;
import io.leakscan.telemetry.Capability;
import io.leakscan.telemetry.DiscoveryReport;
import io.leakscan.telemetry.ProfileSnapshot;
import io.leakscan.telemetry.Reading;
import io.leakscan.telemetry.SourceFormat;
import io.leakscan.telemetry.TelemetryHttp;
import io.leakscan.telemetry.TelemetryReader;
import io.leakscan.telemetry.TelemetrySampler;
import io.leakscan.telemetry.parse.GoroutineDump;
import io.leakscan.telemetry.parse.GoroutineProfile;
import io.leakscan.telemetry.parse.ParseResult;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Goroutine profiles taken at the scan's marks (baseline, before and after rounds, after the settle): kept for the
 * outcome, and handed back for the analysis.
 */
final class ProfileCapture {

    private final TelemetrySampler sampler;
    private final DiscoveryReport discovery;
    private final TelemetryAvailability availability;
    private final TelemetryHttp http;
    private final TelemetryReader reader;
    private final Clock clock;
    private final Waits waits;
    private final List<ProfileSnapshot> snapshots = new ArrayList<>();

    ProfileCapture(TelemetrySampler sampler, DiscoveryReport discovery, TelemetryAvailability availability,
                   TelemetryHttp http, TelemetryReader reader, Clock clock, Waits waits) {
        this.sampler = sampler;
        this.discovery = discovery;
        this.availability = availability;
        this.http = http;
        this.reader = reader;
        this.clock = clock;
        this.waits = waits;
    }

    /** A goroutine profile now (debug=2 when served), kept for the outcome; empty when none is offered. */
    Optional<GoroutineProfile> snapshot(String label) {
        if (discovery.chosen(Capability.GOROUTINE_STACKS).isEmpty() || waits.cancelled()) {
            return Optional.empty();
        }
        ProfileSnapshot snap = waits.awaitFuture(sampler.snapshot(label));
        if (snap == null) {
            return Optional.empty();
        }
        synchronized (snapshots) {
            snapshots.add(snap);
        }
        return Optional.of(snap.dump().profile());
    }

    /** {@code /debug/pprof/goroutineleak} now, when the target serves it: goroutines the GC proved stuck. */
    GoroutineProfile leakProfile(String label, ScanEndpoint ep) {
        if (!availability.goroutineLeakProfile() || waits.cancelled()) {
            return null;
        }
        String path = discovery.chosen(Capability.GOROUTINE_LEAK_PROFILE).orElse(Sampling.GOROUTINE_LEAK);
        TelemetryHttp.Response resp = waits.awaitFuture(http.get(path, Duration.ofSeconds(5),
                reader.maxBodyBytes(SourceFormat.GOROUTINE_LEAK_DEBUG1)));
        if (resp == null) {
            return null;
        }
        ParseResult<Reading> r;
        try {
            if (resp.status() != 200) {
                return null;
            }
            r = reader.read(SourceFormat.GOROUTINE_LEAK_DEBUG1, resp.body(), false, clock.instant());
        } finally {
            resp.release();
        }
        if (!r.isParsed() || r.orThrow().goroutines() == null) {
            return null;
        }
        GoroutineDump dump = r.orThrow().goroutines();
        synchronized (snapshots) {
            snapshots.add(new ProfileSnapshot(label + "-goroutineleak", label, ep == null ? null : ep.route(), dump));
        }
        return dump.profile();
    }

    /** Every profile taken so far, in the order taken. */
    List<ProfileSnapshot> all() {
        synchronized (snapshots) {
            return List.copyOf(snapshots);
        }
    }
}
