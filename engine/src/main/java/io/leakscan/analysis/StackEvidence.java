package io.leakscan.analysis;

import io.leakscan.telemetry.parse.Frame;

import java.util.List;

/**
 * A goroutine (or allocation) stack group whose count grew with the requests.
 *
 * @param before         goroutines with this stack before the endpoint's load
 * @param after          goroutines with this stack after the settle window
 * @param leakSite       the innermost frame in the application's own code: where to look
 * @param appFrames      the application's own frames, innermost first (runtime, stdlib and Echo frames removed)
 * @param createdBy      the {@code created by} frame when known, else null
 * @param waitState      the dominant wait state ({@code chan receive}, {@code select}, {@code sleep}) when known
 * @param waitMinutes    how long the runtime says they have waited, 0 when unknown or under a minute
 */
public record StackEvidence(int before, int after, Frame leakSite, List<Frame> appFrames, Frame createdBy,
                            String waitState, int waitMinutes) {

    public StackEvidence {
        appFrames = List.copyOf(appFrames);
    }

    public int growth() {
        return after - before;
    }
}
