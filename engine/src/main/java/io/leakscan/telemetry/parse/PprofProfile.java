package io.leakscan.telemetry.parse;


import java.util.List;
import java.util.Map;

/**
 * The parts of a decoded {@code profile.proto} the scanner uses.
 *
 * @param sampleTypes   type/unit per value column, e.g. {@code goroutine/count} or {@code inuse_space/bytes}
 * @param samples       each with one value per column, frames innermost first (inlined frames expanded) and labels
 * @param timeNanos     collection time
 * @param durationNanos profile duration
 * @param periodType    type/unit of {@code period}, or null
 * @param period        sampling period
 */
public record PprofProfile(List<ValueType> sampleTypes, List<Sample> samples, long timeNanos, long durationNanos,
                           ValueType periodType, long period) {

    public PprofProfile {
        sampleTypes = List.copyOf(sampleTypes);
        samples = List.copyOf(samples);
    }

    public record ValueType(String type, String unit) {
    }

    public record Sample(long[] values, List<Frame> frames, Map<String, String> labels) {
        public Sample {
            frames = List.copyOf(frames);
            labels = Map.copyOf(labels);
        }
    }

    /** Index of the value column with this type, or -1. */
    public int column(String type) {
        for (int i = 0; i < sampleTypes.size(); i++) {
            if (sampleTypes.get(i).type().equals(type)) {
                return i;
            }
        }
        return -1;
    }
}
