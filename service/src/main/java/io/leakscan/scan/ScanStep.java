package io.leakscan.scan;

/**
 * One step of a service scan, as the {@link ScanPipeline} runs it: the preflight (order 100), then the engine (200).
 * Not the engine's {@code ScanPhase}, which says where a running scan is. Steps are Spring beans, run in
 * {@link org.springframework.core.annotation.Order}.
 *
 * <p>A step reads the request from {@link ScanContext#spec()}, reports progress, records results, and checks
 * {@link ScanContext#cancellation()} often enough to stop all its traffic within a second. To end the scan FAILED
 * with a code, throw {@link ScanFailedException}; any other exception also fails the scan (code INTERNAL_ERROR, no
 * details shown to the client, logged with a trace id).
 */
public interface ScanStep {

    /** Short stable name shown as the scan's {@code phase}, e.g. {@code preflight}. */
    String name();

    /** Relative share of the scan's overall progress this phase accounts for. */
    default int weight() {
        return 1;
    }

    void run(ScanContext ctx) throws Exception;
}
