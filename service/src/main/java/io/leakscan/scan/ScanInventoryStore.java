package io.leakscan.scan;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/** The {@code scan_inventories} table: what a scan's description resolved to, one row per scan. */
@Repository
class ScanInventoryStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ScanInventoryStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void save(UUID scanId, ResolvedInventory inventory, Instant at) {
        jdbc.sql("""
                        INSERT INTO scan_inventories (scan_id, resolved, resolved_at)
                        VALUES (:id, CAST(:resolved AS jsonb), :at)
                        ON CONFLICT (scan_id) DO UPDATE SET resolved = EXCLUDED.resolved,
                            resolved_at = EXCLUDED.resolved_at""")
                .param("id", scanId).param("resolved", json.writeValueAsString(inventory))
                .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .update();
    }

    Optional<ResolvedInventory> find(UUID scanId) {
        return jdbc.sql("SELECT resolved::text FROM scan_inventories WHERE scan_id = :id").param("id", scanId)
                .query(String.class).optional().map(text -> json.readValue(text, ResolvedInventory.class));
    }
}
