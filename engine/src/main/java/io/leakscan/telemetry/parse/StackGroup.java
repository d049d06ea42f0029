package io.leakscan.telemetry.parse;

import java.util.List;
import java.util.Map;

/**
 * Goroutines that share one stack, as {@code goroutine?debug=1} groups them (or as we group a {@code debug=2} dump).
 *
 * @param count       goroutines with this stack
 * @param frames      innermost frame first
 * @param labels      pprof labels, empty when none
 * @param createdBy   the {@code created by} frame ({@code debug=2} only), or null
 * @param waitStates  wait state to number of goroutines in it, e.g. {@code chan receive -> 12} ({@code debug=2} only)
 * @param maxWaitMinutes the longest wait in minutes the runtime reported ({@code debug=2} only), 0 when none
 */
public record StackGroup(int count, List<Frame> frames, Map<String, String> labels, Frame createdBy,
                         Map<String, Integer> waitStates, int maxWaitMinutes) {

    public StackGroup {
        frames = List.copyOf(frames);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        waitStates = waitStates == null ? Map.of() : Map.copyOf(waitStates);
    }

    /** Identity of the stack for diffing two profiles: the function and line of every frame. */
    public String signature() {
        StringBuilder sb = new StringBuilder();
        for (Frame f : frames) {
            sb.append(f.function()).append(':').append(f.line()).append('\n');
        }
        return sb.toString();
    }
}
