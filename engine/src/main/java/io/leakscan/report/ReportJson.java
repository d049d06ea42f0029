package io.leakscan.report;

import io.leakscan.engine.ScanEnd;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.InputStream;

/**
 * The one Jackson mapper for reports, configured for byte-stable output: record components in declaration order (not
 * alphabetical), map entries sorted by key, instants as ISO-8601 strings, pretty-printed. A plain mapper, not Spring's:
 * the CLI renders reports without a Spring context.
 */
public final class ReportJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            // Newer reports may carry fields this build does not know yet (the schema only ever grows).
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ReportJson() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads a JSON report back, e.g. one fetched from a Leakscan service, to render it in another format. A version 1
     * report (one a service stored before the upgrade, or an older server's) is read as version 2: its only
     * difference is the status word of a scan that ran to the end.
     */
    public static ScanReport read(InputStream in) {
        return upgrade(MAPPER.readTree(in));
    }

    /** As {@link #read(InputStream)}, from a string. */
    public static ScanReport read(String json) {
        return upgrade(MAPPER.readTree(json));
    }

    private static ScanReport upgrade(JsonNode tree) {
        if (tree instanceof ObjectNode report && report.path("schemaVersion").asInt() == 1) {
            report.put("schemaVersion", ScanReport.SCHEMA_VERSION);
            if (report.path("scan") instanceof ObjectNode scan && "COMPLETED".equals(scan.path("status").asString())) {
                scan.put("status", ScanEnd.SUCCEEDED.name());
            }
        }
        return MAPPER.treeToValue(tree, ScanReport.class);
    }
}
