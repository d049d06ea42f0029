package io.leakscan.modulefixture.telemetry.parse;

import io.leakscan.modulefixture.telemetry.Sampler;
import org.flywaydb.core.api.MigrationVersion;

/** Imports its parent package, which imports it back (a package cycle), and touches Flyway (the database). */
public class Parser {

    public Sampler owner;

    public MigrationVersion version() {
        return MigrationVersion.fromVersion("1");
    }
}
