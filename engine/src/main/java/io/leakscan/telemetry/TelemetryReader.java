package io.leakscan.telemetry;

import io.leakscan.telemetry.parse.Bodies;
import io.leakscan.telemetry.parse.ExpvarParser;
import io.leakscan.telemetry.parse.ExpvarVars;
import io.leakscan.telemetry.parse.GoroutineDump;
import io.leakscan.telemetry.parse.GoroutineTextParser;
import io.leakscan.telemetry.parse.HeapProfile;
import io.leakscan.telemetry.parse.HeapTextParser;
import io.leakscan.telemetry.parse.JsonPointerParser;
import io.leakscan.telemetry.parse.MetricsParser;
import io.leakscan.telemetry.parse.MetricsScrape;
import io.leakscan.telemetry.parse.ParseFailure;
import io.leakscan.telemetry.parse.ParseLimits;
import io.leakscan.telemetry.parse.ParseResult;
import io.leakscan.telemetry.parse.PprofMapping;
import io.leakscan.telemetry.parse.PprofParser;
import io.leakscan.telemetry.parse.PprofProfile;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Turns a response body into a {@link Reading}: identifies the format from the content (never from the path or the
 * content type, which servers get wrong) and maps the format's fields to {@link Signal}s. Pure and total.
 */
public final class TelemetryReader {

    /** The brief's {@code /health/memory} runs runtime.GC() first, so its HeapAlloc is the post-GC heap. */
    public static final Map<Signal, String> BRIEF_MEMORY_POINTERS = Map.of(Signal.HEAP_AFTER_GC_BYTES, "/HeapAlloc");

    private final GoroutineTextParser goroutines;
    private final HeapTextParser heap;
    private final PprofParser pprof;
    private final MetricsParser metrics;
    private final ExpvarParser expvar;
    private final Map<Signal, String> pointers;
    private final JsonPointerParser pointerParser;
    private final ParseLimits limits;

    /** @param jsonPointers the user's RFC 6901 pointers per signal for JSON endpoints; empty for the brief's shape */
    public TelemetryReader(ParseLimits limits, Map<Signal, String> jsonPointers) {
        this.limits = limits;
        this.goroutines = new GoroutineTextParser(limits);
        this.heap = new HeapTextParser(limits);
        this.pprof = new PprofParser(limits);
        this.metrics = new MetricsParser(limits);
        this.expvar = new ExpvarParser(limits);
        this.pointers = new EnumMap<>(Signal.class);
        this.pointers.putAll(jsonPointers.isEmpty() ? BRIEF_MEMORY_POINTERS : jsonPointers);
        this.pointerParser = new JsonPointerParser(limits, List.copyOf(this.pointers.values()));
    }

    public static TelemetryReader defaults() {
        return new TelemetryReader(ParseLimits.DEFAULT, Map.of());
    }

    /**
     * The largest body worth fetching for a source of {@code format}: the parser's cap for it, so a longer body is
     * refused while it streams in instead of being buffered and then refused.
     */
    public long maxBodyBytes(SourceFormat format) {
        return switch (format) {
            case GOROUTINE_DEBUG1, GOROUTINE_LEAK_DEBUG1, GOROUTINE_DEBUG2, HEAP_DEBUG1 -> limits.maxProfileBytes();
            case GOROUTINE_PPROF, HEAP_PPROF -> limits.maxCompressedBytes();
            case PROMETHEUS_TEXT, OPENMETRICS -> limits.maxMetricsBytes();
            case EXPVAR, MEMORY_JSON -> limits.maxJsonBytes();
            case UNKNOWN -> maxBodyBytes();
        };
    }

    /** The largest body any format may have: the cap for a body whose format is not known yet (discovery). */
    public long maxBodyBytes() {
        return Math.max(Math.max(limits.maxProfileBytes(), limits.maxCompressedBytes()),
                Math.max(limits.maxMetricsBytes(), limits.maxJsonBytes()));
    }

    /** Identifies the format from the first bytes and parses with the matching parser. */
    public ParseResult<Reading> sniff(byte[] body, boolean forcedGc, Instant at) {
        return read(guess(body), body, forcedGc, at);
    }

    static SourceFormat guess(byte[] body) {
        if (body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b) {
            return SourceFormat.GOROUTINE_PPROF; // refined to HEAP_PPROF from the sample types in read()
        }
        String head = new String(body, 0, Math.min(body.length, 64), StandardCharsets.ISO_8859_1).stripLeading();
        if (head.startsWith("goroutine profile:")) {
            return SourceFormat.GOROUTINE_DEBUG1;
        }
        if (head.startsWith("goroutineleak profile:")) {
            return SourceFormat.GOROUTINE_LEAK_DEBUG1;
        }
        if (head.startsWith("goroutine ")) {
            return SourceFormat.GOROUTINE_DEBUG2;
        }
        if (head.startsWith("heap profile:")) {
            return SourceFormat.HEAP_DEBUG1;
        }
        if (head.startsWith("{")) {
            return SourceFormat.EXPVAR; // falls back to MEMORY_JSON in read()
        }
        if (head.startsWith("<") || head.isEmpty()) {
            return SourceFormat.UNKNOWN; // the pprof index page, HTML error pages
        }
        return SourceFormat.PROMETHEUS_TEXT;
    }

    /** Parses a body of a known format. */
    public ParseResult<Reading> read(SourceFormat format, byte[] body, boolean forcedGc, Instant at) {
        return switch (format) {
            case GOROUTINE_DEBUG1, GOROUTINE_LEAK_DEBUG1 -> goroutines.parseDebug1(in(body), at).map(this::fromGoroutines);
            case GOROUTINE_DEBUG2 -> goroutines.parseDebug2(in(body), at).map(this::fromGoroutines);
            case GOROUTINE_PPROF, HEAP_PPROF -> pprof.parse(in(body)).flatMap(p -> fromPprof(p, at));
            case HEAP_DEBUG1 -> heap.parse(in(body), at).map(h -> fromHeapText(h, forcedGc));
            case PROMETHEUS_TEXT, OPENMETRICS -> metrics.parse(in(body)).map(TelemetryReader::fromMetrics)
                    .flatMap(this::requireGoMetrics);
            case EXPVAR, MEMORY_JSON -> json(format, body);
            case UNKNOWN -> ParseResult.failed(ParseFailure.Kind.MALFORMED, "not a telemetry format", 0, 0);
        };
    }

    private ParseResult<Reading> json(SourceFormat format, byte[] body) {
        if (format == SourceFormat.EXPVAR) {
            ParseResult<ExpvarVars> v = expvar.parse(in(body));
            if (v.isParsed() && !v.orThrow().memstats().isEmpty()) {
                return v.map(TelemetryReader::fromExpvar);
            }
        }
        ParseResult<Map<String, Double>> m = pointerParser.parse(in(body));
        if (m.isParsed() && m.orThrow().isEmpty()) {
            return ParseResult.failed(ParseFailure.Kind.WRONG_TYPE, "JSON without memory fields", 0, 0);
        }
        return m.map(found -> {
            Map<Signal, Double> values = new EnumMap<>(Signal.class);
            pointers.forEach((signal, ptr) -> {
                Double d = found.get(ptr);
                if (d != null) {
                    values.put(signal, d);
                }
            });
            return new Reading(SourceFormat.MEMORY_JSON, values, null, null, null);
        });
    }

    private static InputStream in(byte[] b) {
        return Bodies.inMemory(b);
    }

    private Reading fromGoroutines(GoroutineDump d) {
        SourceFormat f = d.kind() == GoroutineDump.Kind.GOROUTINE_LEAK ? SourceFormat.GOROUTINE_LEAK_DEBUG1
                : d.profile().detailed() ? SourceFormat.GOROUTINE_DEBUG2 : SourceFormat.GOROUTINE_DEBUG1;
        Map<Signal, Double> v = new EnumMap<>(Signal.class);
        if (d.kind() == GoroutineDump.Kind.GOROUTINE) {
            v.put(Signal.GOROUTINES, (double) d.profile().total());
        }
        return new Reading(f, v, null, d, null);
    }

    private static ParseResult<Reading> fromPprof(PprofProfile p, Instant at) {
        if (p.column("goroutine") >= 0) {
            return PprofMapping.goroutines(p, at).map(d -> new Reading(SourceFormat.GOROUTINE_PPROF,
                    Map.of(Signal.GOROUTINES, (double) d.profile().total()), null, d, null));
        }
        // binary in-use figures are sampled estimates: useful for allocation sites, not as the heap signal
        return PprofMapping.heap(p, at).map(h -> new Reading(SourceFormat.HEAP_PPROF, Map.of(), null, null, h));
    }

    private static Reading fromHeapText(HeapProfile h, boolean forcedGc) {
        Map<Signal, Double> v = new EnumMap<>(Signal.class);
        put(v, forcedGc ? Signal.HEAP_AFTER_GC_BYTES : Signal.HEAP_ALLOC_BYTES, h.memStat("HeapAlloc"));
        put(v, Signal.HEAP_INUSE_BYTES, h.memStat("HeapInuse"));
        put(v, Signal.HEAP_OBJECTS, h.memStat("HeapObjects"));
        put(v, Signal.GC_COUNT, h.memStat("NumGC"));
        put(v, Signal.HEAP_GOAL_BYTES, h.memStat("NextGC"));
        return new Reading(SourceFormat.HEAP_DEBUG1, v, null, null, h);
    }

    private static Reading fromExpvar(ExpvarVars x) {
        Map<Signal, Double> v = new EnumMap<>(Signal.class);
        put(v, Signal.HEAP_ALLOC_BYTES, x.memstat("HeapAlloc"));
        put(v, Signal.HEAP_INUSE_BYTES, x.memstat("HeapInuse"));
        put(v, Signal.HEAP_OBJECTS, x.memstat("HeapObjects"));
        put(v, Signal.GC_COUNT, x.memstat("NumGC"));
        put(v, Signal.HEAP_GOAL_BYTES, x.memstat("NextGC"));
        String marker = x.cmdline().isEmpty() ? null : "cmdline:" + String.join(" ", x.cmdline());
        return new Reading(SourceFormat.EXPVAR, v, marker, null, null);
    }

    /** client_golang names first, then the runtime/metrics names (WithGoCollectorRuntimeMetrics). */
    private static final Map<Signal, List<String>> METRIC_NAMES = metricNames();

    private static Map<Signal, List<String>> metricNames() {
        Map<Signal, List<String>> m = new LinkedHashMap<>();
        m.put(Signal.GOROUTINES, List.of("go_goroutines", "go_sched_goroutines_goroutines"));
        m.put(Signal.HEAP_ALLOC_BYTES, List.of("go_memstats_heap_alloc_bytes"));
        m.put(Signal.HEAP_INUSE_BYTES, List.of("go_memstats_heap_inuse_bytes"));
        m.put(Signal.HEAP_OBJECTS, List.of("go_memstats_heap_objects", "go_gc_heap_objects_objects"));
        m.put(Signal.GC_COUNT, List.of("go_gc_duration_seconds_count", "go_gc_cycles_total_gc_cycles_total"));
        // runtime/metrics' goal counts stacks and globals like the pacer does; memstats' NextGC is the same figure
        m.put(Signal.HEAP_GOAL_BYTES, List.of("go_gc_heap_goal_bytes", "go_memstats_next_gc_bytes"));
        m.put(Signal.HEAP_LIVE_BYTES, List.of("go_gc_heap_live_bytes"));
        m.put(Signal.GOGC_PERCENT, List.of("go_gc_gogc_percent"));
        m.put(Signal.GC_MEMORY_LIMIT_BYTES, List.of("go_gc_gomemlimit_bytes"));
        m.put(Signal.OPEN_FDS, List.of("process_open_fds"));
        m.put(Signal.RESIDENT_BYTES, List.of("process_resident_memory_bytes"));
        m.put(Signal.PROCESS_START_SECONDS, List.of("process_start_time_seconds"));
        return m;
    }

    private static Reading fromMetrics(MetricsScrape s) {
        Map<String, Double> unlabeled = new HashMap<>();
        for (MetricsScrape.MetricSample x : s.samples()) {
            if (x.labels().isEmpty()) {
                unlabeled.putIfAbsent(x.name(), x.value());
            }
        }
        Map<Signal, Double> v = new EnumMap<>(Signal.class);
        METRIC_NAMES.forEach((signal, names) -> {
            for (String n : names) {
                Double d = unlabeled.get(n);
                if (d != null && Double.isFinite(d)) {
                    v.put(signal, d);
                    break;
                }
            }
        });
        Double start = v.get(Signal.PROCESS_START_SECONDS);
        SourceFormat f = s.format() == MetricsScrape.Format.OPENMETRICS ? SourceFormat.OPENMETRICS : SourceFormat.PROMETHEUS_TEXT;
        return new Reading(f, v, start == null ? null : "start:" + start, null, null);
    }

    private ParseResult<Reading> requireGoMetrics(Reading r) {
        return r.values().isEmpty()
                ? ParseResult.failed(ParseFailure.Kind.WRONG_TYPE, "no go_* or process_* metrics", 0, 0)
                : ParseResult.parsed(r);
    }

    private static void put(Map<Signal, Double> m, Signal s, OptionalDouble v) {
        if (v.isPresent()) {
            m.put(s, v.getAsDouble());
        }
    }
}
