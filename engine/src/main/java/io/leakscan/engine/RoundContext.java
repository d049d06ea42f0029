package io.leakscan.engine;

import io.leakscan.probe.ProbeSession;
import io.leakscan.target.EndpointRef;
import io.leakscan.telemetry.TelemetrySampler;

import java.util.function.BiConsumer;

/**
 * What every round of a scan runs with, built once by {@link ScanRun} after the baseline: the plan of rounds, the
 * session that sends them, the sampler and windows that watch the target, the profiles taken around them, the
 * evidence they go to, the scan's clock and cancellation, and where progress and phase changes are told. The rooms
 * that send rounds ({@link EndpointProbe}, {@link GroupScreening}, {@link AbortScreening}, {@link KeyScreening}) take
 * this one record instead of the same collaborators field by field.
 *
 * @param enter tells the scan which phase and endpoint it is in (for its phase times and the listener)
 */
record RoundContext(RoundPlan rounds, ProbeSession session, TelemetrySampler sampler, LiveSamples live,
                    SettleWindows windows, ProfileCapture capture, ScanEvidence evidence, Waits waits,
                    ScanListener listener, BiConsumer<ScanPhase, EndpointRef> enter) {
}
