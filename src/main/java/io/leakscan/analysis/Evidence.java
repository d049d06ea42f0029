package io.leakscan.analysis;

import java.util.List;

/**
 * What a finding rests on.
 *
 * @param figures the numbers, with units
 * @param series  the signal series the figures came from, e.g. {@code GOROUTINES} or {@code HEAP_AFTER_GC_BYTES}
 * @param stacks  stack groups that grew, most growth first; empty when no profile was available
 */
public record Evidence(List<Figure> figures, String series, List<StackEvidence> stacks) {

    public Evidence {
        figures = List.copyOf(figures);
        stacks = List.copyOf(stacks);
    }
}
