package io.leakscan.dashboard;

import io.leakscan.report.ReportJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * Puts a finished scan's results where the engine phase stores them (scan_reports, scan_samples) and turns its row
 * final, as the worker would. Reports come from the report module's golden files, so they are real renderer input.
 */
final class StoredResults {

    private final JdbcClient jdbc;

    StoredResults(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores golden report {@code name} (e.g. middleware-leaky) as the scan's report and ends the scan SUCCEEDED. */
    void succeeded(UUID scan, String name) {
        Instant start = Instant.parse("2026-11-29T16:45:00Z");
        String text;
        try (InputStream in = StoredResults.class.getResourceAsStream("/report/golden/" + name + ".json")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var mapper = ReportJson.mapper();
        ObjectNode report = (ObjectNode) mapper.readTree(text.replace("{{scan-id}}", scan.toString())
                .replace("{{instant}}", start.toString()));
        ObjectNode meta = (ObjectNode) report.get("scan");
        long duration = meta.get("durationMs").asLong();
        meta.put("finishedAt", start.plusMillis(duration).toString());
        JsonNode counts = report.get("counts");
        jdbc.sql("INSERT INTO scan_reports (scan_id, report, created_at) VALUES (:id, CAST(:report AS jsonb), now())")
                .param("id", scan).param("report", mapper.writeValueAsString(report)).update();
        jdbc.sql("UPDATE scans SET status = 'SUCCEEDED', phase = 'analysis', progress = 100, attempt = 1, "
                        + "started_at = :start, finished_at = :end, verdict = :verdict, summary = :summary, "
                        + "finding_counts = CAST(:counts AS jsonb), version = version + 1 WHERE id = :id")
                .param("start", Timestamp.from(start)).param("end", Timestamp.from(start.plusMillis(duration)))
                .param("verdict", report.get("verdict").asString()).param("summary", report.get("summary").asString())
                .param("counts", mapper.writeValueAsString(counts)).param("id", scan).update();
    }

    /** {@code n} samples a second apart, goroutines climbing by 2 per sample, in a baseline then a load phase. */
    void samples(UUID scan, int n) {
        Instant start = Instant.parse("2026-11-29T16:45:00Z");
        for (int i = 0; i < n; i++) {
            boolean load = i >= n / 2;
            jdbc.sql("INSERT INTO scan_samples (scan_id, seq, at, phase, endpoint_method, endpoint_path, readings) "
                            + "VALUES (:id, :seq, :at, :phase, :method, :path, CAST(:readings AS jsonb))")
                    .param("id", scan).param("seq", i).param("at", Timestamp.from(start.plusSeconds(i)))
                    .param("phase", load ? "load" : "baseline").param("method", load ? "GET" : null)
                    .param("path", load ? "/stream" : null)
                    .param("readings", "{\"GOROUTINES\": " + (10 + 2 * i) + ", \"HEAP_AFTER_GC_BYTES\": " + (1_000_000 + i)
                            + "}")
                    .update();
        }
    }
}
