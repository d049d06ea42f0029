package io.leakscan.modulefixture.telemetry;

import io.leakscan.modulefixture.telemetry.parse.Parser;

/** One end of the {@code telemetry <-> telemetry.parse} package cycle. */
public class Sampler {

    public Parser parser;
}
