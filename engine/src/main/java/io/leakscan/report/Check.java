package io.leakscan.report;

import io.leakscan.analysis.FindingKind;

import java.util.List;

/**
 * A question the scan asks of an endpoint (or of the whole application). JUnit renders one test case per endpoint
 * and check; a finding of one of the check's kinds fails it.
 */
public enum Check {
    GOROUTINES("goroutine retention", List.of(FindingKind.GOROUTINE_LEAK, FindingKind.LINGERING_GOROUTINES)),
    ABORTS("client aborts", List.of(FindingKind.ABORT_IGNORED)),
    HEAP("post-GC heap growth", List.of(FindingKind.HEAP_GROWTH)),
    KEY_CARDINALITY("client-controlled key cardinality", List.of(FindingKind.KEY_CARDINALITY_GROWTH)),
    FDS("open file descriptors", List.of(FindingKind.FD_LEAK)),
    LATENCY("latency drift", List.of(FindingKind.LATENCY_DRIFT)),
    /**
     * Requests with inputs a client gets wrong ({@code --echo-specific}); what they leak is reported under the kind's
     * own check (goroutines, descriptors, heap), with the input in the finding's title.
     */
    WRONG_INPUTS("wrong inputs", List.of()),
    /** Application-wide: profiling endpoints readable without credentials. */
    PROFILING_EXPOSURE("profiling endpoints exposed", List.of(FindingKind.PROFILING_EXPOSED)),
    /** Application-wide: the process stayed up for the whole scan. */
    TARGET_STABILITY("target stayed up", List.of(FindingKind.TARGET_RESTARTED));

    private final String title;
    private final List<FindingKind> kinds;

    Check(String title, List<FindingKind> kinds) {
        this.title = title;
        this.kinds = kinds;
    }

    /** Words for a test case name: {@code goroutine retention}. */
    public String title() {
        return title;
    }

    public List<FindingKind> kinds() {
        return kinds;
    }

    /** True for checks about the whole application rather than one endpoint. */
    public boolean applicationWide() {
        return this == PROFILING_EXPOSURE || this == TARGET_STABILITY;
    }

    /** The check a finding kind belongs to; every kind belongs to exactly one. */
    public static Check of(FindingKind kind) {
        for (Check c : values()) {
            if (c.kinds.contains(kind)) {
                return c;
            }
        }
        throw new IllegalStateException("no check for " + kind);
    }
}
