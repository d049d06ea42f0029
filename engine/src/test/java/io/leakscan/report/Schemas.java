package io.leakscan.report;

import io.leakscan.lab.Repo;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** JSON Schema validation for the tests, with format assertions on (date-time, uri) and no network access. */
final class Schemas {

    static final Path REPORT_SCHEMA = Repo.path("docs/report-schema.json");
    static final String SARIF_SCHEMA = "/schemas/sarif-schema-2.1.0.json";

    private static final SchemaRegistryConfig CONFIG = SchemaRegistryConfig.builder()
            .formatAssertionsEnabled(true).build();

    private Schemas() {
    }

    static Schema report() {
        try (InputStream in = Files.newInputStream(REPORT_SCHEMA)) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                    b -> b.schemaRegistryConfig(CONFIG)).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Schema sarif() {
        try (InputStream in = Schemas.class.getResourceAsStream(SARIF_SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + SARIF_SCHEMA);
            }
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4,
                    b -> b.schemaRegistryConfig(CONFIG)).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Error> validate(Schema schema, String json) {
        return schema.validate(json, InputFormat.JSON);
    }
}
