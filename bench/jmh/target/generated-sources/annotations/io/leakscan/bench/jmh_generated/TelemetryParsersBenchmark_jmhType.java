package io.leakscan.bench.jmh_generated;
public class TelemetryParsersBenchmark_jmhType extends TelemetryParsersBenchmark_jmhType_B3 {
}

