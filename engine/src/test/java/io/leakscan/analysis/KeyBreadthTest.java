package io.leakscan.analysis;

import io.leakscan.telemetry.Signal;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key rounds beyond X-Forwarded-For: a route's path parameter, distinct unknown paths (the 404 route), and the traps
 * that must stay clean. The series follow the lab apps' shapes: cache-leaky keeps about 4 KiB per label; a metrics
 * middleware labelled by the raw path about 2 KiB per path.
 */
class KeyBreadthTest {

    private static final Analyzer ANALYZER = new Analyzer();
    private static final String LABEL = "path parameter :label";

    /** Heap that steps up by {@code perStep} after each of {@code stepAt}. */
    private static DoubleFunction<Double> steps(double base, double perStep, double... stepAt) {
        return t -> {
            double v = base;
            for (double s : stepAt) {
                v += t >= s ? perStep : 0;
            }
            return v;
        };
    }

    /** One control round and three distinct rounds of {@code source} on {@code endpoint}, 8 s apart from {@code t}. */
    private static SyntheticScan keyRounds(SyntheticScan scan, String endpoint, String source, double t) {
        return scan.keyRound(endpoint, RoundKind.REPEATED_KEY, t, t + 8, 200, source)
                .keyRound(endpoint, RoundKind.DISTINCT_KEY, t + 8, t + 16, 200, source)
                .keyRound(endpoint, RoundKind.DISTINCT_KEY, t + 16, t + 24, 200, source)
                .keyRound(endpoint, RoundKind.DISTINCT_KEY, t + 24, t + 32, 200, source);
    }

    private static List<Finding> keyFindings(ScanObservations obs) {
        return ANALYZER.analyze(obs).findings().stream()
                .filter(f -> f.kind() == FindingKind.KEY_CARDINALITY_GROWTH).toList();
    }

    @Test
    void oneMapKeyedByTheClientAddressIsOneMiddlewareFindingWhicheverPlacementGrewMoreUnderEachRoute() {
        // xff-limiter-leaky: a limiter map keyed by c.RealIP() grows with X-Forwarded-For and with the identity
        // headers (X-Real-IP) under both routes; the bytes per key differ by noise, here in opposite directions
        String xff = "header X-Forwarded-For";
        String identity = "identity headers (X-Request-ID, X-Real-IP, User-Agent, bearer token, session cookie)";
        double more = 200 * 9800;
        double less = 200 * 9500;
        double[][] steps = {{14.5, less}, {22.5, less}, {30.5, less}, {46.5, more}, {54.5, more}, {62.5, more},
                {78.5, more}, {86.5, more}, {94.5, more}, {110.5, less}, {118.5, less}, {126.5, less}};
        SyntheticScan scan = new SyntheticScan().readings(0, 140, Map.of(Signal.HEAP_AFTER_GC_BYTES, t -> {
            double v = 4e6;
            for (double[] step : steps) {
                v += t >= step[0] ? step[1] : 0;
            }
            return v;
        }));
        keyRounds(scan, "GET /api/search", xff, 6);
        keyRounds(scan, "GET /api/search", identity, 38);
        keyRounds(scan, "GET /api/items/:id", xff, 70);
        keyRounds(scan, "GET /api/items/:id", identity, 102);

        List<Finding> keyed = keyFindings(scan.build());
        assertThat(keyed).singleElement().satisfies(f -> {
            assertThat(f.scope()).isEqualTo(Scope.MIDDLEWARE);
            assertThat(f.title()).contains("X-Forwarded-For");
        });
    }

    @Test
    void growthWithOneRoutesPathParameterIsThatHandlers() {
        // cache-leaky: the badge route's label rounds grow, the unknown paths and the other route's keys do not
        SyntheticScan scan = new SyntheticScan().readings(0, 110,
                Map.of(Signal.HEAP_AFTER_GC_BYTES, steps(4e6, 200 * 4096, 14.5, 22.5, 30.5)));
        keyRounds(scan, "GET /badges/:label", LABEL, 6);
        keyRounds(scan, "GET /badges/:label", LoadRound.UNKNOWN_PATH, 38);
        keyRounds(scan, "GET /healthz", "header X-Forwarded-For", 70);

        List<Finding> keyed = keyFindings(scan.build());
        assertThat(keyed).hasSize(1);
        assertThat(keyed.getFirst().scope()).isEqualTo(Scope.HANDLER);
        assertThat(keyed.getFirst().endpoint()).hasToString("GET /badges/:label");
        assertThat(keyed.getFirst().title()).contains("per distinct path parameter :label");
    }

    @Test
    void growthWithDistinctUnknownPathsIsMiddlewareAndCoversTheRoutesParameters() {
        // a metrics middleware labelled by the raw path: every distinct path grows, the 404 route's included, so the
        // label rounds grow too; one MIDDLEWARE finding, not a HANDLER one beside it
        SyntheticScan scan = new SyntheticScan().readings(0, 110,
                Map.of(Signal.HEAP_AFTER_GC_BYTES, steps(4e6, 200 * 2048, 14.5, 22.5, 30.5, 46.5, 54.5, 62.5)));
        keyRounds(scan, "GET /badges/:label", LABEL, 6);
        keyRounds(scan, "GET /badges/:label", LoadRound.UNKNOWN_PATH, 38);
        keyRounds(scan, "GET /healthz", "header X-Forwarded-For", 70);

        List<Finding> keyed = keyFindings(scan.build());
        assertThat(keyed).hasSize(1);
        Finding f = keyed.getFirst();
        assertThat(f.scope()).isEqualTo(Scope.MIDDLEWARE);
        assertThat(f.endpoint()).isNull();
        assertThat(f.title()).contains("unknown path");
        assertThat(f.confidence().reasons()).anyMatch(r -> r.contains("no route serves (404)"));
    }

    @Test
    void theUnknownPathFindingNamesEveryRouteWhosePathParameterGrewWithIt() {
        // path-label-leaky: the unknown paths ran under the first route only; the second route's own parameter grew
        // as well, alone. One MIDDLEWARE finding that lists both routes, not one route and a silent other.
        SyntheticScan scan = new SyntheticScan().readings(0, 110, Map.of(Signal.HEAP_AFTER_GC_BYTES,
                steps(4e6, 200 * 3072, 14.5, 22.5, 30.5, 46.5, 54.5, 62.5, 78.5, 86.5, 94.5)));
        keyRounds(scan, "GET /products/:id", "path parameter :id", 6);
        keyRounds(scan, "GET /products/:id", LoadRound.UNKNOWN_PATH, 38);
        keyRounds(scan, "GET /users/:name/avatar", "path parameter :name", 70);

        List<Finding> keyed = keyFindings(scan.build());
        assertThat(keyed).hasSize(1);
        assertThat(keyed.getFirst().scope()).isEqualTo(Scope.MIDDLEWARE);
        assertThat(keyed.getFirst().title()).contains("unknown path");
        assertThat(keyed.getFirst().evidence().affectedEndpoints()).extracting(Object::toString)
                .containsExactlyInAnyOrder("GET /products/:id", "GET /users/:name/avatar");
    }

    @Test
    void aBoundedLruBehindAPathKeyIsClean() {
        // trap: an LRU of 256 entries keyed by the path parameter fills in the first distinct round (200 keys) and
        // half the second, then evicts as fast as it admits
        DoubleFunction<Double> heap = t -> 4e6 + 4096 * Math.min(256, t < 14.5 ? 0 : t < 22.5 ? 200 : 400);
        SyntheticScan scan = new SyntheticScan().readings(0, 38, Map.of(Signal.HEAP_AFTER_GC_BYTES, heap));
        keyRounds(scan, "GET /avatars/:user", "path parameter :user", 6);

        assertThat(keyFindings(scan.build())).isEmpty();
    }

    @Test
    void aPerIpLimiterWhoseEntriesExpireWithinTheScanIsClean() {
        // trap: a limiter keeps 1 KiB per client IP for 5 s; each distinct round's entries are gone before the
        // window after it closes, so the level after every round is back where it started
        DoubleFunction<Double> heap = t -> {
            double v = 4e6;
            for (double start : new double[] {14, 22, 30}) {
                v += t >= start + 0.4 && t < start + 5.4 ? 200 * 1024 : 0;
            }
            return v;
        };
        SyntheticScan scan = new SyntheticScan().readings(0, 38, Map.of(Signal.HEAP_AFTER_GC_BYTES, heap));
        keyRounds(scan, "GET /api", "identity headers (X-Request-ID, X-Real-IP, User-Agent, bearer token, "
                + "session cookie)", 6);

        assertThat(keyFindings(scan.build())).isEmpty();
    }
}
