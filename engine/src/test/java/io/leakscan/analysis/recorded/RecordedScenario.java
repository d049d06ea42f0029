package io.leakscan.analysis.recorded;

import io.leakscan.analysis.LatencyPercentiles;
import io.leakscan.telemetry.parse.GoroutineDump;
import io.leakscan.telemetry.parse.GoroutineTextParser;
import io.leakscan.telemetry.parse.ParseResult;

import io.leakscan.analysis.EndpointObservation;
import io.leakscan.analysis.LoadRound;
import io.leakscan.analysis.ProfileSnapshots;
import io.leakscan.analysis.RoundKind;
import io.leakscan.analysis.ScanObservations;
import io.leakscan.analysis.TelemetryAvailability;
import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.Sample;
import io.leakscan.telemetry.Signal;
import io.leakscan.telemetry.parse.GoroutineProfile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Loads a scenario recorded from a real lab app by src/test/scripts/record-analysis-fixtures.sh into the analyzer's
 * input model, the way the orchestrator fills it during a scan: one continuous sample stream, rounds with their
 * times, goroutine profiles around each endpoint.
 */
public final class RecordedScenario {

    /** The recorder's clock starts at 0 ms; the scan's clock at this instant. */
    static final Instant ORIGIN = Instant.parse("2026-11-29T16:00:00Z");

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String ROOT = "/analysis/recorded/";

    private final String name;
    private final JsonNode meta;
    private final List<JsonNode> series;
    private final List<JsonNode> rounds;

    private RecordedScenario(String name) {
        this.name = name;
        this.meta = JSON.readTree(text("meta.json"));
        this.series = lines("series.jsonl");
        this.rounds = lines("rounds.jsonl");
    }

    public static RecordedScenario load(String name) {
        return new RecordedScenario(name);
    }

    /** The observations with {@code debug=2} profiles (wait states, created by), as a Go 1.26 target serves. */
    public ScanObservations observations() {
        return observations(true, Set.of());
    }

    /**
     * @param detailed  use the {@code debug=2} profiles (else {@code debug=1})
     * @param drop      signals to leave out, as if the target did not offer them
     */
    public ScanObservations observations(boolean detailed, Set<Signal> drop) {
        List<Sample> samples = new ArrayList<>();
        for (JsonNode s : series) {
            Map<Signal, Double> values = new EnumMap<>(Signal.class);
            put(values, s, "goroutines", Signal.GOROUTINES, drop);
            put(values, s, "heapAfterGcBytes", Signal.HEAP_AFTER_GC_BYTES, drop);
            put(values, s, "openFds", Signal.OPEN_FDS, drop);
            // expvar memstats or Prometheus, no forced GC (lab/tools/gc-series)
            put(values, s, "heapAllocBytes", Signal.HEAP_ALLOC_BYTES, drop);
            put(values, s, "heapInuseBytes", Signal.HEAP_INUSE_BYTES, drop);
            put(values, s, "heapObjects", Signal.HEAP_OBJECTS, drop);
            put(values, s, "gcCount", Signal.GC_COUNT, drop);
            put(values, s, "heapGoalBytes", Signal.HEAP_GOAL_BYTES, drop);
            put(values, s, "heapLiveBytes", Signal.HEAP_LIVE_BYTES, drop);
            put(values, s, "gogcPercent", Signal.GOGC_PERCENT, drop);
            put(values, s, "gomemlimitBytes", Signal.GC_MEMORY_LIMIT_BYTES, drop);
            String ep = s.path("endpoint").asString("");
            samples.add(new Sample(at(s.get("tMs").asLong()), s.get("phase").asString(),
                    ep.isEmpty() ? null : ref(ep), values, "pid-1"));
        }
        long firstRound = rounds.stream().mapToLong(r -> r.get("startMs").asLong()).min().orElse(0);
        Map<String, List<LoadRound>> byEndpoint = new LinkedHashMap<>();
        Map<String, List<String>> slugs = new LinkedHashMap<>();
        for (JsonNode r : rounds) {
            String ep = r.get("endpoint").asString();
            String kind = r.get("kind").asString();
            long completed = r.get("completed").asLong();
            long aborted = r.get("aborted").asLong();
            LatencyPercentiles latency = completed > 0 && r.get("p50Ms").asDouble() > 0
                    ? new LatencyPercentiles(r.get("p50Ms").asDouble(), r.get("p95Ms").asDouble(),
                    r.get("p99Ms").asDouble()) : null;
            String header = r.path("keyHeader").asString("");
            byEndpoint.computeIfAbsent(ep, k -> new ArrayList<>()).add(new LoadRound(kind(kind),
                    at(r.get("startMs").asLong()), at(r.get("endMs").asLong()), at(r.get("settleEndMs").asLong()),
                    completed, aborted, aborted, r.get("errors").asLong(), latency,
                    header.isEmpty() ? null : "header " + header));
            List<String> s = slugs.computeIfAbsent(ep, k -> new ArrayList<>());
            String slug = slug(ep + "-" + kind);
            if (!s.contains(slug)) {
                s.add(slug);
            }
        }
        String suffix = detailed ? "-debug2.txt" : "-debug1.txt";
        List<EndpointObservation> endpoints = new ArrayList<>();
        for (var e : byEndpoint.entrySet()) {
            List<String> s = slugs.get(e.getKey());
            long end = e.getValue().stream().mapToLong(r -> r.settleEnd().toEpochMilli()).max().orElseThrow();
            long start = e.getValue().stream().mapToLong(r -> r.start().toEpochMilli()).min().orElseThrow();
            Instant beforeAt = Instant.ofEpochMilli(start);
            Instant endAt = Instant.ofEpochMilli(end);
            GoroutineProfile before = firstProfile(s, "-before" + suffix, beforeAt);
            GoroutineProfile afterLoad = lastProfile(s, "-after-load" + suffix, endAt);
            GoroutineProfile afterSettle = lastProfile(s, "-after-settle" + suffix, endAt);
            GoroutineProfile leak = lastProfile(s, "-after-settle-goroutineleak-debug1.txt", endAt);
            endpoints.add(new EndpointObservation(ref(e.getKey()), e.getValue(),
                    new ProfileSnapshots(before, afterLoad, afterSettle, leak)));
        }
        Instant baselineEnd = at(Math.max(0, firstRound - 1));
        List<GoroutineProfile> baselineProfiles = new ArrayList<>();
        GoroutineProfile bp = profile("baseline" + suffix, baselineEnd);
        if (bp != null) {
            baselineProfiles.add(bp);
        }
        Set<Signal> offered = EnumSet.noneOf(Signal.class);
        samples.forEach(x -> offered.addAll(x.values().keySet()));
        boolean pprof = "pprof".equals(meta.get("goroutineSource").asString());
        List<String> exposed = new ArrayList<>();
        if (pprof) {
            exposed.add("/debug/pprof/goroutine");
        }
        if ("pprof".equals(meta.get("heapSource").asString())) {
            exposed.add("/debug/pprof/heap");
        }
        if ("memory-json".equals(meta.get("heapSource").asString())) {
            exposed.add("/health/memory");
        }
        boolean leakServed = meta.get("goroutineleakServed").asBoolean();
        return new ScanObservations(samples, ORIGIN, baselineEnd, baselineProfiles,
                leakServed ? profile("goroutineleak-baseline.txt", baselineEnd) : null, endpoints,
                new TelemetryAvailability(offered, pprof && !drop.contains(Signal.GOROUTINES), leakServed, exposed),
                List.of());
    }

    public String name() {
        return name;
    }

    public String app() {
        return meta.get("app").asString();
    }

    /** The one place a profile's text becomes a {@link GoroutineProfile}, through the telemetry parser. */
    GoroutineProfile profile(String file, Instant at) {
        String text = optionalText(file.startsWith("baseline") || file.startsWith("goroutineleak") ? file
                : "profiles/" + file);
        if (text == null || text.isBlank() || text.startsWith("{")) {
            return null;
        }
        var in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        return switch (GoroutineTextParser.DEFAULT.parse(in, at)) {
            case ParseResult.Parsed<GoroutineDump> parsed -> parsed.value().profile();
            case ParseResult.Failed<GoroutineDump> failed ->
                    throw new IllegalStateException(file + ": " + failed.failure());
        };
    }

    private GoroutineProfile firstProfile(List<String> slugs, String suffix, Instant at) {
        for (String s : slugs) {
            GoroutineProfile p = profile(s + suffix, at);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private GoroutineProfile lastProfile(List<String> slugs, String suffix, Instant at) {
        for (String s : slugs.reversed()) {
            GoroutineProfile p = profile(s + suffix, at);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static void put(Map<Signal, Double> values, JsonNode s, String field, Signal signal, Set<Signal> drop) {
        if (s.has(field) && !drop.contains(signal)) {
            values.put(signal, s.get(field).asDouble());
        }
    }

    static Instant at(long ms) {
        return ORIGIN.plusMillis(ms);
    }

    static EndpointRef ref(String s) {
        int sp = s.indexOf(' ');
        return new EndpointRef(s.substring(0, sp), s.substring(sp + 1));
    }

    private static RoundKind kind(String k) {
        return switch (k) {
            case "load" -> RoundKind.LOAD;
            case "abort" -> RoundKind.ABORT;
            case "distinct-key" -> RoundKind.DISTINCT_KEY;
            case "repeated-key" -> RoundKind.REPEATED_KEY;
            default -> throw new IllegalArgumentException("unknown round kind " + k);
        };
    }

    /** The recorder's file names: lower case, runs of other characters as one dash. */
    static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    private List<JsonNode> lines(String file) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : text(file).split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    private String text(String file) {
        String t = optionalText(file);
        if (t == null) {
            throw new IllegalArgumentException("no fixture " + ROOT + name + "/" + file);
        }
        return t;
    }

    String optionalText(String file) {
        try (InputStream in = RecordedScenario.class.getResourceAsStream(ROOT + name + "/" + file)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
