// Dashboard page times for a big finished scan, for bench/dashboard-pages.sh (not a test).
// Run as a single-file program on the project's runtime classpath:
//   java -cp CLASSPATH bench/DashboardPagesBench.java [SAMPLES] [WARMUP] [ITERATIONS]
// Starts the application in this process on a throw-away embedded PostgreSQL (workers and webhook sender off), stores
// a SUCCEEDED scan with SAMPLES telemetry samples and its report (the report module's middleware-leaky golden report
// with its series rebuilt from those samples, as the engine phase stores it), signs in to the dashboard over real HTTP
// and times the scan detail page and the chart JSON; then, in-process, what the chart JSON's time goes to.
// Prints a Markdown table.
import io.leakscan.LeakscanApplication;
import io.leakscan.report.ReportJson;
import io.leakscan.report.TimeSeries;
import io.leakscan.scan.Profile;
import io.leakscan.scan.ScanRequest;
import io.leakscan.scan.ScanResults;
import io.leakscan.scan.ScanService;
import io.leakscan.tenant.ApiKeys;
import io.leakscan.tenant.Tenants;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class DashboardPagesBench {

    static final Instant START = Instant.parse("2026-11-29T16:45:00Z");

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 300;

        // The source launcher loads this file in its own class loader; Spring must define its proxies (of the
        // application's package-private repositories) in the application's loader.
        ClassLoader app = LeakscanApplication.class.getClassLoader();
        Thread.currentThread().setContextClassLoader(app);
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(LeakscanApplication.class)
                .resourceLoader(new org.springframework.core.io.DefaultResourceLoader(app)).run(
                "--server.port=0", "--leakscan.embedded-postgres.data-directory=",
                "--leakscan.worker.enabled=false", "--leakscan.webhooks.dispatcher-enabled=false",
                "--logging.level.root=WARN", "--spring.main.banner-mode=off");
        try {
            int port = Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
            JdbcClient jdbc = ctx.getBean(JdbcClient.class);
            ScanResults results = ctx.getBean(ScanResults.class);
            UUID tenant = ctx.getBean(Tenants.class).create("bench").id();
            String key = ctx.getBean(ApiKeys.class).issue(tenant, "bench").key();
            UUID scan = ctx.getBean(ScanService.class).submit(tenant, new ScanRequest(
                    new ScanRequest.TargetRequest("http://127.0.0.1:8081", Map.of()),
                    List.of(new ScanRequest.EndpointRequest("GET", "/stream", null, null, null, null)),
                    Profile.DEEP, true, null, null, null, null), null).scan().id();

            long t0 = System.nanoTime();
            storeSamples(jdbc, scan, samples);
            storeReport(jdbc, results, tenant, scan, samples);
            System.err.printf(Locale.ROOT, "stored %d samples and the report in %.1f s%n", samples,
                    (System.nanoTime() - t0) / 1e9);

            Browser browser = new Browser("http://127.0.0.1:" + port);
            browser.signIn(key);
            String page = "/scans/" + scan;
            String chart = "/scans/" + scan + "/series.json?";
            HttpResponse<byte[]> first = browser.get(page);
            HttpResponse<byte[]> firstChart = browser.get(chart);
            check(first, "Leaks found");
            check(firstChart, "\"offsetsMs\"");
            int points = countPoints(new String(firstChart.body(), StandardCharsets.UTF_8));

            List<Row> rows = new ArrayList<>();
            rows.add(measure("GET /scans/{id} (detail page, HTTP)", samples, warmup, iterations,
                    first.body().length, () -> check(browser.get(page), "Leaks found")));
            rows.add(measure("GET /scans/{id}/series.json (chart JSON, " + points + " points, HTTP)", samples, warmup,
                    iterations, firstChart.body().length, () -> check(browser.get(chart), "\"offsetsMs\"")));
            rows.add(measure("ScanResults.series(800) in-process", samples, warmup, iterations, -1,
                    () -> results.series(tenant, scan, 800)));
            rows.add(measure("ScanResults.samples(all) in-process (reads every sample)", samples, warmup, iterations,
                    -1, () -> results.samples(tenant, scan, ScanResults.MAX_POINTS)));
            rows.add(measure("SELECT readings of every sample (JDBC, no mapping)", samples, warmup, iterations, -1,
                    () -> jdbc.sql("SELECT seq, at, phase, endpoint_method, endpoint_path, readings::text "
                                    + "FROM scan_samples WHERE scan_id = :id ORDER BY seq")
                            .param("id", scan).query().listOfRows().size()));

            System.out.println("| what | samples | runs | p50 ms | p90 ms | p99 ms | max ms | bytes |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (Row r : rows) {
                System.out.println(r);
            }
        } finally {
            ctx.close();
        }
    }

    /**
     * {@code n} samples 100 ms apart (a deep scan of about {@code n / 10} s): a baseline, then four endpoints each
     * loaded and left to settle, goroutines and heap climbing under the leaky one, noise on every signal.
     */
    static void storeSamples(JdbcClient jdbc, UUID scan, int n) {
        jdbc.sql("""
                        INSERT INTO scan_samples (scan_id, seq, at, phase, endpoint_method, endpoint_path, readings)
                        SELECT :scan, i, CAST(:start AS timestamptz) + i * interval '100 milliseconds',
                            CASE WHEN i < :base THEN 'baseline'
                                 WHEN (i - :base) % :seg < :seg * 4 / 5 THEN 'load' ELSE 'settle' END,
                            CASE WHEN i < :base THEN NULL ELSE 'GET' END,
                            CASE WHEN i < :base THEN NULL
                                 ELSE (ARRAY['/users/42', '/stream', '/quotes/ACME', '/health'])[
                                     1 + least(3, (i - :base) / :seg)] END,
                            jsonb_build_object(
                                'GOROUTINES', 14 + CASE WHEN i >= :base + :seg THEN least(i - :base - :seg, :seg) / 8
                                                        ELSE 0 END + (i * 7919) % 5,
                                'HEAP_AFTER_GC_BYTES', 4194304 + i * 211 + (i * 104729) % 65536,
                                'OPEN_FDS', 9 + (i * 31) % 3)
                        FROM generate_series(0, :n - 1) AS i"""
                        // integers inlined: as parameters PostgreSQL would have to guess their types
                        .replace(":base", Integer.toString(Math.max(1, n / 10)))
                        .replace(":seg", Integer.toString(Math.max(1, (n - n / 10) / 4)))
                        .replace(":n", Integer.toString(n)))
                .param("scan", scan).param("start", Timestamp.from(START))
                .update();
    }

    /** The golden report, its series rebuilt from the stored samples the way the engine phase keeps it. */
    static void storeReport(JdbcClient jdbc, ScanResults results, UUID tenant, UUID scan, int n) throws Exception {
        var mapper = ReportJson.mapper();
        String text = Files.readString(Path.of("engine/src/test/resources/report/golden/middleware-leaky.json"));
        ObjectNode report = (ObjectNode) mapper.readTree(text.replace("{{scan-id}}", scan.toString())
                .replace("{{instant}}", START.toString()));
        TimeSeries series = results.series(tenant, scan, TimeSeries.DEFAULT_MAX_POINTS);
        report.set("series", mapper.valueToTree(series));
        long duration = n * 100L;
        ObjectNode meta = (ObjectNode) report.get("scan");
        meta.put("durationMs", duration);
        meta.put("finishedAt", START.plusMillis(duration).toString());
        jdbc.sql("INSERT INTO scan_reports (scan_id, report, created_at) VALUES (:id, CAST(:report AS jsonb), now())")
                .param("id", scan).param("report", mapper.writeValueAsString(report)).update();
        jdbc.sql("UPDATE scans SET status = 'SUCCEEDED', phase = 'analysis', progress = 100, attempt = 1, "
                        + "started_at = :start, finished_at = :end, verdict = :verdict, summary = :summary, "
                        + "finding_counts = CAST(:counts AS jsonb), version = version + 1 WHERE id = :id")
                .param("start", Timestamp.from(START)).param("end", Timestamp.from(START.plusMillis(duration)))
                .param("verdict", report.get("verdict").asString()).param("summary", report.get("summary").asString())
                .param("counts", mapper.writeValueAsString(report.get("counts"))).param("id", scan).update();
    }

    static int countPoints(String json) {
        Matcher m = Pattern.compile("\"offsetsMs\"\\s*:\\s*\\[([^\\]]*)]").matcher(json);
        return m.find() ? (int) m.group(1).chars().filter(c -> c == ',').count() + 1 : 0;
    }

    static Object check(HttpResponse<byte[]> r, String expected) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        if (r.statusCode() != 200 || !body.contains(expected)) {
            throw new IllegalStateException(r.uri() + " -> " + r.statusCode() + ": "
                    + body.substring(0, Math.min(400, body.length())));
        }
        return r;
    }

    record Row(String what, int samples, int runs, double p50, double p90, double p99, double max, long bytes) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "| %s | %,d | %d | %.1f | %.1f | %.1f | %.1f | %s |", what, samples, runs,
                    p50, p90, p99, max, bytes < 0 ? "—" : String.format(Locale.ROOT, "%,d", bytes));
        }
    }

    static Row measure(String what, int samples, int warmup, int iterations, long bytes, Callable<?> call)
            throws Exception {
        for (int i = 0; i < warmup; i++) {
            call.call();
        }
        double[] ms = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long t = System.nanoTime();
            call.call();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        System.err.printf(Locale.ROOT, "%s: p50 %.1f ms%n", what, ms[iterations / 2]);
        return new Row(what, samples, iterations, pct(ms, 0.50), pct(ms, 0.90), pct(ms, 0.99), ms[iterations - 1],
                bytes);
    }

    static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** A browser session: cookies kept, the CSRF token read from the sign-in form. */
    static final class Browser {
        final String base;
        final HttpClient http;

        Browser(String base) {
            this.base = base;
            this.http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        }

        HttpResponse<byte[]> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        }

        void signIn(String key) throws Exception {
            String form = new String(get("/sign-in").body(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form);
            if (!m.find()) {
                throw new IllegalStateException("no CSRF token on the sign-in page");
            }
            String body = "_csrf=" + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8) + "&apiKey="
                    + URLEncoder.encode(key, StandardCharsets.UTF_8);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/sign-in"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 302) {
                throw new IllegalStateException("sign-in answered " + r.statusCode());
            }
        }
    }
}
