package io.leakscan.report;

import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

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

    /** Reads a JSON report back, e.g. one fetched from a Leakscan service, to render it in another format. */
    public static ScanReport read(InputStream in) {
        return MAPPER.readValue(in, ScanReport.class);
    }
}
