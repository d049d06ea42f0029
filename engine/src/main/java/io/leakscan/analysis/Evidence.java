package io.leakscan.analysis;

import io.leakscan.target.EndpointRef;

import java.util.List;

/**
 * What a finding rests on.
 *
 * @param figures           the numbers, with units
 * @param series            the signal series the figures came from, e.g. {@code GOROUTINES} or {@code HEAP_AFTER_GC_BYTES}
 * @param stacks            stack groups that grew, most growth first; empty when no profile was available
 * @param affectedEndpoints the endpoints under which the same leak was seen (a middleware or route-group finding
 *                          names them all); empty for application-wide findings
 */
public record Evidence(List<Figure> figures, String series, List<StackEvidence> stacks,
                       List<EndpointRef> affectedEndpoints) {

    public Evidence {
        figures = List.copyOf(figures);
        stacks = List.copyOf(stacks);
        affectedEndpoints = affectedEndpoints == null ? List.of() : List.copyOf(affectedEndpoints);
    }

    /** The original three-part evidence, kept so existing callers compile unchanged. */
    public Evidence(List<Figure> figures, String series, List<StackEvidence> stacks) {
        this(figures, series, stacks, List.of());
    }
}
