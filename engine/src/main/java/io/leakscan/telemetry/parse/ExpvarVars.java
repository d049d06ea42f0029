package io.leakscan.telemetry.parse;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The parts of expvar's {@code /debug/vars} the scanner uses.
 *
 * @param cmdline  the process arguments ({@code os.Args}); a change means another process answers
 * @param memstats scalar {@code runtime.MemStats} fields by Go name (booleans as 1/0; arrays such as PauseNs and
 *                 BySize skipped)
 */
public record ExpvarVars(List<String> cmdline, Map<String, Double> memstats) {

    public ExpvarVars {
        cmdline = List.copyOf(cmdline);
        memstats = Map.copyOf(memstats);
    }

    public OptionalDouble memstat(String name) {
        Double v = memstats.get(name);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
