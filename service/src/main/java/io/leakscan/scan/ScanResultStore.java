package io.leakscan.scan;

import io.leakscan.analysis.Finding;
import io.leakscan.report.ReportJson;
import io.leakscan.report.ScanReport;
import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.ProfileSnapshot;
import io.leakscan.telemetry.Sample;
import io.leakscan.telemetry.Signal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static io.leakscan.scan.ScanStore.ts;

/**
 * The scan_samples, scan_findings, scan_reports and scan_profiles tables (V2). Writes come from the worker that owns
 * the scan and are guarded like {@link ScanQueue}'s: a node that lost the scan writes nothing.
 */
@Repository
class ScanResultStore {

    /** The guard every write carries: this node still runs the scan. */
    private static final String OWNED = "EXISTS (SELECT 1 FROM scans WHERE id = :scan AND picked_by = :node "
            + "AND attempt = :attempt AND status = 'RUNNING')";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JsonMapper json = ReportJson.mapper();

    ScanResultStore(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** A new attempt starts from nothing: drops what an earlier, lost attempt stored. */
    void reset(UUID scan) {
        tx.executeWithoutResult(s -> {
            for (String table : List.of("scan_samples", "scan_findings", "scan_reports", "scan_profiles")) {
                jdbc.sql("DELETE FROM " + table + " WHERE scan_id = :scan").param("scan", scan).update();
            }
        });
    }

    /** Appends samples numbered from {@code firstSeq}, in one transaction. @return rows written (0: not owned) */
    int appendSamples(UUID scan, String node, int attempt, int firstSeq, List<Sample> samples) {
        if (samples.isEmpty()) {
            return 0;
        }
        Integer written = tx.execute(s -> {
            int n = 0;
            int seq = firstSeq;
            for (Sample sample : samples) {
                EndpointRef e = sample.endpoint();
                n += jdbc.sql("INSERT INTO scan_samples (scan_id, seq, at, phase, endpoint_method, endpoint_path, "
                                + "readings, restart_marker) SELECT :scan, :seq, :at, :phase, :method, :path, "
                                + "CAST(:readings AS jsonb), :marker WHERE " + OWNED)
                        .param("scan", scan).param("node", node).param("attempt", attempt).param("seq", seq++).param("at", ts(sample.at()))
                        .param("phase", truncate(sample.phase(), 64))
                        .param("method", e == null ? null : e.method()).param("path", e == null ? null : e.path())
                        .param("readings", json.writeValueAsString(readings(sample)))
                        .param("marker", truncate(sample.restartMarker(), 200))
                        .update();
            }
            return n;
        });
        return written == null ? 0 : written;
    }

    /** Replaces the scan's findings (most severe first) in one transaction. @return false when not owned */
    boolean storeFindings(UUID scan, String node, int attempt, List<Finding> findings) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            if (jdbc.sql("SELECT " + OWNED).param("scan", scan).param("node", node).param("attempt", attempt)
                    .query(Boolean.class).single() != Boolean.TRUE) {
                return false;
            }
            jdbc.sql("DELETE FROM scan_findings WHERE scan_id = :scan").param("scan", scan).update();
            for (int i = 0; i < findings.size(); i++) {
                Finding f = findings.get(i);
                jdbc.sql("INSERT INTO scan_findings (scan_id, ordinal, kind, severity, scope, endpoint_method, "
                                + "endpoint_path, title, finding) VALUES (:scan, :ordinal, :kind, :severity, :scope, "
                                + ":method, :path, :title, CAST(:finding AS jsonb))")
                        .param("scan", scan).param("ordinal", i).param("kind", f.kind().name())
                        .param("severity", f.severity().name()).param("scope", f.scope().name())
                        .param("method", f.endpoint() == null ? null : f.endpoint().method())
                        .param("path", f.endpoint() == null ? null : truncate(f.endpoint().path(), 2048))
                        .param("title", truncate(f.title(), 1000)).param("finding", json.writeValueAsString(f))
                        .update();
            }
            return true;
        }));
    }

    /** Stores the report and the profile snapshots in one transaction. @return false when not owned */
    boolean storeResults(UUID scan, String node, int attempt, ScanReport report, List<ProfileSnapshot> profiles,
                         Instant now) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            int stored = jdbc.sql("INSERT INTO scan_reports (scan_id, report, created_at) "
                            + "SELECT :scan, CAST(:report AS jsonb), :now WHERE " + OWNED
                            + " ON CONFLICT (scan_id) DO UPDATE SET report = EXCLUDED.report, created_at = EXCLUDED.created_at")
                    .param("scan", scan).param("node", node).param("attempt", attempt)
                    .param("report", json.writeValueAsString(report))
                    .param("now", ts(now)).update();
            if (stored == 0) {
                return false;
            }
            jdbc.sql("DELETE FROM scan_profiles WHERE scan_id = :scan").param("scan", scan).update();
            for (int i = 0; i < profiles.size(); i++) {
                ProfileSnapshot p = profiles.get(i);
                EndpointRef e = p.endpoint();
                jdbc.sql("INSERT INTO scan_profiles (scan_id, seq, label, phase, endpoint_method, endpoint_path, "
                                + "goroutines, profile_gzip) VALUES (:scan, :seq, :label, :phase, :method, :path, "
                                + ":goroutines, :gzip)")
                        .param("scan", scan).param("seq", i).param("label", truncate(p.label(), 200))
                        .param("phase", truncate(p.phase(), 64))
                        .param("method", e == null ? null : e.method()).param("path", e == null ? null : e.path())
                        .param("goroutines", (int) Math.min(Integer.MAX_VALUE, p.dump().profile().total()))
                        .param("gzip", gzip(json.writeValueAsBytes(p.dump())))
                        .update();
            }
            return true;
        }));
    }

    List<Sample> samples(UUID scan) {
        return jdbc.sql("SELECT at, phase, endpoint_method, endpoint_path, readings::text AS readings, restart_marker "
                        + "FROM scan_samples WHERE scan_id = :scan ORDER BY seq")
                .param("scan", scan)
                .query(this::sample)
                .list();
    }

    /** When retention deleted the scan's samples and profiles, if it did. */
    Optional<Instant> samplesPurgedAt(UUID scan) {
        return jdbc.sql("SELECT samples_purged_at FROM scans WHERE id = :scan").param("scan", scan)
                .query((rs, i) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
                .optional().flatMap(at -> at);
    }

    long sampleCount(UUID scan) {
        return jdbc.sql("SELECT count(*) FROM scan_samples WHERE scan_id = :scan").param("scan", scan)
                .query(Long.class).single();
    }

    List<Finding> findings(UUID scan) {
        return jdbc.sql("SELECT finding::text FROM scan_findings WHERE scan_id = :scan ORDER BY ordinal")
                .param("scan", scan)
                .query((rs, n) -> json.readValue(rs.getString(1), Finding.class))
                .list();
    }

    Optional<ScanReport> report(UUID scan) {
        return jdbc.sql("SELECT report::text FROM scan_reports WHERE scan_id = :scan")
                .param("scan", scan)
                .query((rs, n) -> ReportJson.read(rs.getString(1))) // upgrades reports stored in an older schema
                .optional();
    }

    private Sample sample(ResultSet rs, int n) throws SQLException {
        Map<String, Double> raw = json.readValue(rs.getString("readings"), new TypeReference<Map<String, Double>>() { });
        Map<Signal, Double> values = new EnumMap<>(Signal.class);
        raw.forEach((k, v) -> {
            if (v != null) {
                try {
                    values.put(Signal.valueOf(k), v);
                } catch (IllegalArgumentException ignored) {
                    // a signal a newer build stored: this one cannot chart it
                }
            }
        });
        String method = rs.getString("endpoint_method");
        return new Sample(rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getString("phase"),
                method == null ? null : new EndpointRef(method, rs.getString("endpoint_path")), values,
                rs.getString("restart_marker"));
    }

    private static Map<String, Double> readings(Sample sample) {
        Map<String, Double> out = new LinkedHashMap<>();
        sample.values().forEach((signal, v) -> {
            if (Double.isFinite(v)) { // jsonb has no NaN or infinity; a reading that is not a number is a gap
                out.put(signal.name(), v);
            }
        });
        return out;
    }

    private static byte[] gzip(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
