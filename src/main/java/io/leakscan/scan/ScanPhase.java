package io.leakscan.scan;

/**
 * One step of a scan. Phases are Spring beans; the {@link ScanPipeline} runs them in {@link org.springframework.core.annotation.Order}
 * (preflight is 100; leave gaps: discovery 200, baseline 300, load 400, abort probes 500, key cardinality 600,
 * analysis 900).
 *
 * <p>A phase reads the request from {@link ScanContext#spec()}, reports progress, records results, and checks
 * {@link ScanContext#cancellation()} often enough to stop all its traffic within a second. To end the scan FAILED
 * with a code, throw {@link ScanFailedException}; any other exception also fails the scan (code INTERNAL_ERROR, no
 * details shown to the client, logged with a trace id).
 */
public interface ScanPhase {

    /** Short stable name shown as the scan's {@code phase}, e.g. {@code preflight}. */
    String name();

    /** Relative share of the scan's overall progress this phase accounts for. */
    default int weight() {
        return 1;
    }

    void run(ScanContext ctx) throws Exception;
}
