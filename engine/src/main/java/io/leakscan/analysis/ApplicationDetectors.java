package io.leakscan.analysis;

import io.leakscan.analysis.stats.Fit;
import io.leakscan.analysis.stats.Noise;
import io.leakscan.analysis.stats.Point;
import io.leakscan.analysis.stats.Stats;
import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.RestartEvent;
import io.leakscan.telemetry.Sample;
import io.leakscan.telemetry.Signal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

import static io.leakscan.analysis.GoroutineDetector.round;

/** Findings about the application as a whole: exposed profiling endpoints and restarts during the scan. */
final class ApplicationDetectors {

    /** How far back before a restart to look for climbing memory. */
    static final Duration CLIMB_WINDOW = Duration.ofSeconds(60);

    private ApplicationDetectors() {
    }

    static List<Suspect> exposure(ScanObservations obs) {
        List<String> paths = obs.telemetry().exposedWithoutCredentials();
        if (paths.isEmpty()) {
            return List.of();
        }
        List<String> reasons = List.of("answered 200 without credentials: " + String.join(", ", paths));
        return List.of(new Suspect(FindingKind.PROFILING_EXPOSED, null, "EXPOSED", Pattern.GENERIC, "PREFLIGHT",
                List.of(new Figure("exposedPaths", paths.size(), "paths")), List.of(), 1.0, reasons, 0, 0,
                String.join(", ", paths)));
    }

    /**
     * Restarts, from the samples (a changed restart marker or process start time, a GC counter that went back)
     * and from what the scanner noticed itself. When memory climbed before the restart, an out-of-memory kill is
     * the likely cause.
     */
    static List<Suspect> restarts(ScanObservations obs, Timeline tl) {
        List<RestartEvent> events = new ArrayList<>(obs.restarts());
        Sample prev = null;
        for (Sample s : obs.samples()) {
            if (prev != null) {
                RestartEvent restart = restartBetween(prev, s);
                if (restart != null) {
                    events.add(restart);
                }
            }
            prev = s;
        }
        events.sort(Comparator.comparing(RestartEvent::at));
        List<Suspect> out = new ArrayList<>();
        for (RestartEvent e : events) {
            List<String> reasons = new ArrayList<>(List.of("the process restarted during the scan (" + e.reason()
                    + "): measurements across the restart are void"));
            List<Figure> figures = new ArrayList<>();
            figures.add(new Figure("restartAtSecond", round(tl.sec(e.at())), "s"));
            boolean climbing = false;
            for (Signal s : List.of(Signal.HEAP_AFTER_GC_BYTES, Signal.GOROUTINES, Signal.RESIDENT_BYTES)) {
                OptionalDouble slope = climb(obs, tl, s, e.at());
                if (slope.isPresent()) {
                    climbing = true;
                    String unit = s == Signal.GOROUTINES ? "goroutines/s" : "bytes/s";
                    figures.add(new Figure(camel(s) + "ClimbBeforeRestart", round(slope.getAsDouble()), unit));
                    reasons.add(s.name() + " was climbing before the restart: likely killed for running out of memory");
                }
            }
            EndpointRef during = endpointAt(obs, e.at());
            out.add(new Suspect(FindingKind.TARGET_RESTARTED, during, "RESTART@" + e.at(), Pattern.GENERIC,
                    climbing ? "MEMORY_BEFORE_RESTART" : "RESTART_MARKER", figures, List.of(),
                    climbing ? 0.8 : 0.95, reasons, climbing ? 1 : 0, 0, null));
        }
        return out;
    }

    /** The restart between two successive readings, noticed at the later one; null when there was none. */
    private static RestartEvent restartBetween(Sample a, Sample b) {
        if (a.restartMarker() != null && b.restartMarker() != null && !Objects.equals(a.restartMarker(),
                b.restartMarker())) {
            return new RestartEvent(b.at(), "restart marker changed", a.restartMarker(), b.restartMarker());
        }
        OptionalDouble sa = a.value(Signal.PROCESS_START_SECONDS);
        OptionalDouble sb = b.value(Signal.PROCESS_START_SECONDS);
        if (sa.isPresent() && sb.isPresent() && sa.getAsDouble() != sb.getAsDouble()) {
            return RestartEvent.ofValues(b.at(), "process start time changed", sa.getAsDouble(), sb.getAsDouble());
        }
        OptionalDouble ga = a.value(Signal.GC_COUNT);
        OptionalDouble gb = b.value(Signal.GC_COUNT);
        if (ga.isPresent() && gb.isPresent() && gb.getAsDouble() < ga.getAsDouble()) {
            return RestartEvent.ofValues(b.at(), "GC counter went back", ga.getAsDouble(), gb.getAsDouble());
        }
        return null;
    }

    /** The slope of a signal over the window before a restart, when it rose by more than its noise threshold. */
    private static OptionalDouble climb(ScanObservations obs, Timeline tl, Signal s, Instant at) {
        List<Point> p = tl.points(s, at.minus(CLIMB_WINDOW), at.minusNanos(1));
        if (p.size() < 4) {
            return OptionalDouble.empty();
        }
        double[] x = p.stream().mapToDouble(Point::t).toArray();
        double[] y = p.stream().mapToDouble(Point::v).toArray();
        if (x[x.length - 1] == x[0]) {
            return OptionalDouble.empty();
        }
        Fit fit = Stats.theilSen(x, y);
        Noise noise = tl.noise(s);
        double rise = fit.slope() * (x[x.length - 1] - x[0]);
        return fit.slope() > 0 && rise > noise.threshold() ? OptionalDouble.of(fit.slope()) : OptionalDouble.empty();
    }

    private static EndpointRef endpointAt(ScanObservations obs, Instant at) {
        for (EndpointObservation ep : obs.endpoints()) {
            if (ep.rounds().isEmpty()) {
                continue;
            }
            Instant from = ep.rounds().getFirst().start();
            Instant to = ep.rounds().stream().map(LoadRound::settleEnd).max(Comparator.naturalOrder()).orElseThrow();
            if (!at.isBefore(from) && !at.isAfter(to)) {
                return ep.endpoint();
            }
        }
        return null;
    }

    private static String camel(Signal s) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char ch : s.name().toLowerCase(Locale.ROOT).toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return sb.toString();
    }
}
