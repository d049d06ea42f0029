package io.leakscan.telemetry.parse;


import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A parsed heap profile. Text ({@code debug=1}) figures are the runtime's sampled counts as printed; binary figures
 * are pprof's scaled estimates. The MemStats block (text only) holds the exact numbers.
 *
 * @param capturedAt     when the scanner fetched it
 * @param inuseObjects   in-use objects over all records
 * @param inuseBytes     in-use bytes over all records
 * @param allocObjects   allocated objects since start
 * @param allocBytes     allocated bytes since start
 * @param samplingRate   the {@code heap/R} figure (bytes), 0 when unknown
 * @param records        per allocation stack, largest in-use bytes first
 * @param memStats       scalar {@code # runtime.MemStats} lines by Go field name ({@code Stack = a / b} becomes
 *                       StackInuse and StackSys); empty when absent
 * @param memStatsArrays array lines such as PauseNs
 */
public record HeapProfile(Instant capturedAt, long inuseObjects, long inuseBytes, long allocObjects, long allocBytes,
                          long samplingRate, List<Record> records, Map<String, Double> memStats,
                          Map<String, List<Long>> memStatsArrays) {

    public HeapProfile {
        records = List.copyOf(records);
        memStats = Map.copyOf(memStats);
        memStatsArrays = Map.copyOf(memStatsArrays);
    }

    /** One allocation site: objects and bytes, innermost frame first. */
    public record Record(long inuseObjects, long inuseBytes, long allocObjects, long allocBytes, List<Frame> frames) {
        public Record {
            frames = List.copyOf(frames);
        }
    }

    public OptionalDouble memStat(String name) {
        Double v = memStats.get(name);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
