/**
 * The analysis step of the detection engine: pure functions from {@link io.leakscan.analysis.ScanObservations}
 * to an {@link io.leakscan.analysis.AnalysisResult} ({@link io.leakscan.analysis.Analyzer#analyze}). No Spring, no
 * database, no I/O.
 *
 * <p>How it decides, in short (details on each detector class):
 * <ul>
 *   <li>Noise per signal from the baseline: level = median of its later half, sigma = 1.4826 MAD of successive
 *   differences / sqrt 2 (a ramp does not inflate it); threshold = max(4 sigma, floor), floors 2 goroutines,
 *   64 KiB or 2% of the baseline heap, 2 fds.</li>
 *   <li>Per round: the level right before it (median of the last 3 readings), the settled level (median of the
 *   last 3 readings of its settle window), and the decay after the load: CLEAN when back within
 *   max(threshold, 10% of the peak) inside max(1 s, 2.5 sample intervals), LINGERING when back later (the lifetime
 *   is measured), PERMANENT when not back when the window closes.</li>
 *   <li>Across rounds: settled levels must grow by more than the threshold in every round (a plateau is warm-up,
 *   a bounded cache or a pool); growth per request is the Theil–Sen slope against cumulative requests, with the
 *   least-squares r².</li>
 *   <li>Heap retained after a new all-time goroutine peak is excused at 1 KiB per goroutine of peak rise (Go keeps
 *   g descriptors for good; measured ~0.5 KiB on Go 1.26).</li>
 *   <li>Scope: the same stack site under every endpoint tested (or under one, when the baseline profile already
 *   shows it from the scanner's own telemetry requests) is MIDDLEWARE; under all routes below a path prefix no
 *   unaffected route shares is ROUTE_GROUP; otherwise HANDLER.</li>
 *   <li>No telemetry for a signal means no claim about it; no goroutine, heap or fd telemetry at all means
 *   INCONCLUSIVE, never CLEAN.</li>
 * </ul>
 */
package io.leakscan.analysis;
