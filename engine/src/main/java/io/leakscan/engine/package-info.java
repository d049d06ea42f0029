/**
 * The scan orchestrator: one entry point, {@link io.leakscan.engine.ScanEngine#run}, that the CLI and the service's
 * worker both call. Spring-free and database-free.
 *
 * <p>A scan: <b>preflight</b> (authorize and fingerprint Echo; a failure ends the scan with its code) &rarr;
 * <b>discovery</b> of the telemetry the target serves &rarr; <b>baseline</b> (the sampler runs; extended until the
 * goroutine count holds, since the scanner's own telemetry requests pass through the target's middleware; a
 * goroutine profile, {@code debug=2} when served, and {@code goroutineleak} when served) &rarr; per endpoint, one at a
 * time: a one-request <b>pilot</b> (not complete within 1 s: a stream or slow handler, probed with client aborts
 * instead of plain load), a warm-up, a profile snapshot, then the profile's rounds, each followed by a window that
 * closes as soon as the target is back at its level (at least the gap, at most the settle), with a snapshot after
 * each round and after the last window &rarr; <b>timed client aborts</b> on every endpoint that answers
 * ({@code AbortScreening}) &rarr; with {@code --echo-specific}, <b>wrong-input</b> rounds ({@code ErrorScreening}:
 * each endpoint with each {@code ErrorInput} that applies, pooled and split down to one endpoint and one input)
 * &rarr; <b>key-cardinality</b> rounds per non-streaming endpoint (one
 * repeated-key control, then distinct keys) when the target offers a post-GC heap &rarr; <b>analysis</b>. Interim
 * analyses go to the listener after every round from the second on and after every endpoint, so a leak shows as
 * soon as it is measurable.
 *
 * <p>From six endpoints on, {@code GroupScreening} schedules the rounds differently: pilots and warm-ups first, the
 * streams alone, the others screened in groups whose rounds send each member its own requests and share one window.
 * A member of a group that shows nothing is judged on its share of those rounds; the members of a group that shows
 * anything are probed alone, and key rounds are pooled the same way.
 *
 * <p>{@code ScanRun} sequences the phases; {@code RoundPlan} derives the rounds from the profile,
 * {@code EndpointProbe} and the screenings send them, all with one {@code RoundContext} (the session, sampler,
 * windows, profiles and evidence every round runs with), {@code SettleWindows} watches the target after each (deciding with the pure
 * {@code SettlePolicy}, waiting through {@code Waits} on the injected clock), {@code ProfileCapture} takes the
 * goroutine profiles and {@code ScanEvidence} holds what was observed and analyses it.
 *
 * <p>Probe requests carry {@code Connection: close}: keep-alive connections each hold a goroutine and a file
 * descriptor in a Go target, and how many a pool keeps open varies round to round.
 */
package io.leakscan.engine;
