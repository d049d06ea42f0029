package io.leakscan.telemetry;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RestartDetectorTest {

    static final double START = 1_764_428_400;

    final Clock clock = Clock.fixed(Instant.parse("2026-11-29T16:40:00Z"), ZoneOffset.UTC);
    final RestartDetector detector = new RestartDetector();

    Instant tick(int n) {
        return Clock.offset(clock, Duration.ofMillis(200L * n)).instant();
    }

    @Test
    void theFirstReadingIsNoRestartAndSetsTheMarker() {
        assertThat(detector.observe(tick(0), START, Map.of("/metrics", 12.0), "cmdline:/app")).isEmpty();
        assertThat(detector.marker()).isEqualTo("start:1764428400");
        assertThat(detector.restarts()).isZero();
    }

    @Test
    void aStartTimeThatMovesIsARestartAndJitterBelowHalfASecondIsNot() {
        detector.observe(tick(0), START, Map.of(), null);
        assertThat(detector.observe(tick(1), START + 0.4, Map.of(), null)).isEmpty();
        var events = detector.observe(tick(2), START + 60, Map.of(), null);
        assertThat(events).containsExactly(new RestartEvent(tick(2), "process start time changed",
                "1.7644284004E9", "1764428460"));
        assertThat(detector.marker()).isEqualTo("start:1764428460");
        assertThat(detector.restarts()).isEqualTo(1);
    }

    @Test
    void aGcCountIsComparedWithItsOwnSourceOnly() {
        Map<String, Double> first = new LinkedHashMap<>();
        first.put("/metrics", 40.0);
        first.put("/debug/pprof/heap?debug=1&gc=1", 45.0);
        detector.observe(tick(0), null, first, null);
        // the heap read forces a GC of its own: /metrics counting fewer is not a restart
        assertThat(detector.observe(tick(1), null, Map.of("/metrics", 41.0), null)).isEmpty();
        var events = detector.observe(tick(2), null, Map.of("/debug/pprof/heap?debug=1&gc=1", 3.0), null);
        assertThat(events).containsExactly(new RestartEvent(tick(2),
                "GC count went backwards at /debug/pprof/heap?debug=1&gc=1", "45", "3"));
    }

    /** Recorded on the lab shop service under a load of 15: a tick that waited for the forced-GC read came in late. */
    @Test
    void aLateTickIsNotComparedSoItsOlderGcCountIsNoRestart() {
        detector.observe(tick(0), START, Map.of("/metrics", 100.0, "/debug/pprof/heap?debug=1&gc=1", 50.0), null);
        // tick 2 (counters only) is assembled before tick 1, which waited for the forced-GC heap read
        assertThat(detector.observe(tick(2), START, Map.of("/metrics", 104.0), null)).isEmpty();
        assertThat(detector.observe(tick(1), START, Map.of("/metrics", 102.0,
                "/debug/pprof/heap?debug=1&gc=1", 51.0), null)).isEmpty();
        assertThat(detector.observe(tick(3), START, Map.of("/metrics", 105.0), null)).isEmpty();
        assertThat(detector.restarts()).isZero();

        var events = detector.observe(tick(4), START + 30, Map.of("/metrics", 3.0), null);
        assertThat(events).extracting(RestartEvent::reason).containsExactly("process start time changed",
                "GC count went backwards at /metrics");
    }

    @Test
    void aChangedCmdlineIsARestartAndMarksSamplesWithoutAStartTime() {
        detector.observe(tick(0), null, Map.of(), "cmdline:/app -addr :8080");
        assertThat(detector.marker()).isEqualTo("cmdline:/app -addr :8080");
        assertThat(detector.observe(tick(1), null, Map.of(), null)).isEmpty();
        var events = detector.observe(tick(2), null, Map.of(), "cmdline:/app -addr :9090");
        assertThat(events).containsExactly(new RestartEvent(tick(2), "cmdline changed", "cmdline:/app -addr :8080",
                "cmdline:/app -addr :9090"));
        assertThat(detector.marker()).isEqualTo("cmdline:/app -addr :9090");
    }

    @Test
    void oneTickCanGiveAwayARestartSeveralWaysInAFixedOrder() {
        detector.observe(tick(0), START, Map.of("/metrics", 40.0), "cmdline:/app");
        var events = detector.observe(tick(1), START + 30, Map.of("/metrics", 2.0), "cmdline:/app2");
        assertThat(events).extracting(RestartEvent::reason).containsExactly("process start time changed",
                "GC count went backwards at /metrics", "cmdline changed");
        assertThat(detector.restarts()).isEqualTo(3);
        // a start time, once seen, stays the marker even when a later tick only has the cmdline
        detector.observe(tick(2), null, Map.of(), "cmdline:/app2");
        assertThat(detector.marker()).isEqualTo("start:1764428430");
    }
}
