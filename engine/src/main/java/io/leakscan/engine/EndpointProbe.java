package io.leakscan.engine;

import io.leakscan.probe.KeyPlacement;
import io.leakscan.probe.ProbeStopped;
import io.leakscan.probe.RoundOutcome;
import io.leakscan.probe.RoundTraffic;
import io.leakscan.probe.ScanProfile;
import io.leakscan.probe.StopReason;
import io.leakscan.target.Endpoint;
import io.leakscan.telemetry.Signal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * Probes one endpoint at a time: the pilot, the warm-up, the load (or abort) rounds each followed by its settle
 * window with a profile after it, and later its key-cardinality rounds. Remembers the first reason the probe
 * session stopped.
 */
final class EndpointProbe {

    private final RoundContext context;
    /** Hands an interim analysis with the given endpoint's rounds so far to the listener. */
    private final Consumer<EndpointWork> interim;
    private final int endpoints;
    private ProbeStopped stopped;

    EndpointProbe(RoundContext context, Consumer<EndpointWork> interim, int endpoints) {
        this.context = context;
        this.interim = interim;
        this.endpoints = endpoints;
    }

    /** Why the probe session stopped, when it did (the first reason wins); null while it runs. */
    ProbeStopped stopped() {
        return stopped;
    }

    /**
     * The endpoint's request with {@code Connection: close} (unless the user set a Connection header): each probe
     * request gets its own connection, which the target closes after the response. Pooled keep-alive connections
     * would each hold a goroutine and a file descriptor in the target, and how many the pool happens to open varies
     * from round to round: that variation would read as growth (or hide it) at the scale of the noise thresholds.
     */
    static Endpoint closing(Endpoint e) {
        if (e.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Connection"))) {
            return e;
        }
        Map<String, String> headers = new LinkedHashMap<>(e.headers());
        headers.put("Connection", "close");
        return new Endpoint(e.method(), e.path(), e.body(), e.contentType(), headers);
    }

    /** The pilot, the warm-up and the load or abort rounds of the endpoint at {@code index} in the plan. */
    void probe(EndpointWork work, int index) {
        if (prepare(work, true)) {
            measure(work, index);
        }
    }

    /**
     * The pilot, which tells a stream from an ordinary endpoint, and for the latter a warm-up; {@code quiet} waits for
     * the count to stop moving before and after. False when the session stopped.
     */
    boolean prepare(EndpointWork work, boolean quiet) {
        ScanProfile profile = context.rounds().profile();
        ScanEndpoint ep = probed(work);
        context.sampler().setEndpoint(ep.route());
        context.sampler().setPhase("probe");
        if (quiet) {
            context.windows().quiesce(profile.settle());
        }

        // One request with a short limit tells a stream or a slow handler from an ordinary endpoint: the former gets
        // client aborts, since plain load on a response that never completes would only measure the timeout.
        RoundOutcome pilot = context.session().abort(ep.request(), context.rounds().pilot());
        record(work, "pilot", false, pilot, context.waits().now());
        if (stop(pilot)) {
            return false;
        }
        work.streaming = pilot.round().aborted() > 0;
        if (!work.streaming) {
            RoundOutcome warm = context.session().load(ep.request(), context.rounds().warmUp());
            record(work, "warm-up", false, warm, context.waits().now());
            if (stop(warm)) {
                return false;
            }
            if (quiet) {
                context.windows().quiesce(profile.settle());
            }
        }
        return true;
    }

    /** The endpoint's own load or abort rounds, each with its window, and the profiles around them. */
    void measure(EndpointWork work, int index) {
        ScanProfile profile = context.rounds().profile();
        ScanEndpoint ep = probed(work);
        context.sampler().setEndpoint(ep.route());
        work.before = context.capture().snapshot("before").orElse(null);

        OptionalDouble reference = OptionalDouble.empty();
        Instant firstStart = null;
        for (int i = 0; i < profile.loadRounds() || moreCycles(work, firstStart, i); i++) {
            context.sampler().setPhase(work.streaming ? "abort" : "load");
            RoundOutcome out = work.streaming ? context.session().abort(ep.request(), context.rounds().streams())
                    : context.session().load(ep.request(), context.rounds().load());
            RoundTraffic round = out.round();
            if (i == 0) {
                reference = SettlePolicy.level(context.live().valuesBefore(Signal.GOROUTINES, round.startedAt()));
                firstStart = round.startedAt();
            }
            // After every round, so an interim analysis can name the stacks; the last one is the endpoint's.
            work.afterLoad = context.capture().snapshot("after-load-" + (i + 1)).orElse(null);
            context.sampler().setPhase("settle");
            Instant settleEnd = context.windows().awaitWindow(round.endedAt(), reference, true, profile.roundGap(),
                    profile.settle());
            record(work, work.streaming ? "abort" : "load", measures(out), out, settleEnd);
            // within the endpoint's share of 10 % to 80 %, round by round, so a long endpoint does not look stuck
            context.listener().progress(0.1 + 0.7 * (index + Math.min(i + 1.0, profile.loadRounds())
                    / (profile.loadRounds() + 1)) / endpoints,
                    index, endpoints);
            reference = SettlePolicy.level(context.live().values(Signal.GOROUTINES, round.endedAt(), settleEnd));
            if (stop(out)) {
                break;
            }
            if (i >= 1 && i < profile.loadRounds() - 1) {
                // Growth in two rounds is already a finding worth showing live; the last round confirms it.
                interim.accept(work);
            }
        }
        if (!context.waits().cancelled()) {
            work.afterSettle = context.capture().snapshot("after-settle").orElse(null);
            work.leakAfterSettle = context.capture().leakProfile("after-settle", ep);
        }
        context.evidence().probed(work);
    }

    /**
     * Whether an endpoint whose heap is judged on the GC's own figures gets another load round: its rounds so far,
     * from {@code firstStart}, spanned fewer than {@link RoundPlan#GC_CYCLES} GC cycles, and the plan allows more.
     * A GC count not read around the rounds asks for nothing: there is no cycle to wait for.
     */
    private boolean moreCycles(EndpointWork work, Instant firstStart, int done) {
        if (work.streaming || firstStart == null || done >= context.rounds().maxLoadRounds()) {
            return false;
        }
        List<Double> before = context.live().valuesBefore(Signal.GC_COUNT, firstStart);
        List<Double> since = context.live().values(Signal.GC_COUNT, firstStart, context.waits().now());
        return !before.isEmpty() && !since.isEmpty() && since.getLast() - before.getLast() < RoundPlan.GC_CYCLES;
    }

    /** The request the probe sends: the endpoint's, on a connection of its own. */
    static ScanEndpoint probed(EndpointWork work) {
        return new ScanEndpoint(work.endpoint.route(), closing(work.endpoint.request()));
    }

    /**
     * The key-cardinality rounds of an endpoint already probed, for each of {@code placements} (its own, see
     * {@link RoundPlan.KeyRounds#placementsFor}): all control rounds first, per placement.
     */
    void probeKeys(EndpointWork work, List<KeyPlacement> placements) {
        ScanProfile profile = context.rounds().profile();
        RoundPlan.KeyRounds keys = context.rounds().keys();
        ScanEndpoint ep = probed(work);
        context.sampler().setEndpoint(ep.route());
        List<RoundReport> added = new ArrayList<>();
        outer:
        for (KeyPlacement placement : placements) {
            // All control rounds first: a distinct-key round before a control round would lift the control's level.
            for (int i = 0; i < keys.repeatedRounds() + keys.distinctRounds(); i++) {
                boolean distinct = i >= keys.repeatedRounds();
                context.sampler().setPhase(distinct ? "key-distinct" : "key-repeated");
                RoundOutcome out = context.session().keyRound(ep.request(), keys.plan(placement, profile), distinct);
                Instant settleEnd = context.windows().awaitWindow(out.round().endedAt(), OptionalDouble.empty(), false,
                        profile.roundGap(), profile.settle());
                added.add(record(work, (distinct ? "key-distinct " : "key-repeated ")
                        + ScanEvidence.describe(placement), measures(out), out, settleEnd));
                if (stop(out)) {
                    break outer;
                }
            }
        }
        if (!added.isEmpty()) {
            context.evidence().updated(work);
        }
    }

    RoundReport record(EndpointWork work, String purpose, boolean analyzed, RoundOutcome out,
                               Instant settleEnd) {
        return record(work, purpose, analyzed, out, settleEnd, null);
    }

    /** {@link #record(EndpointWork, String, boolean, RoundOutcome, Instant)} of a round that sent {@code input}. */
    RoundReport record(EndpointWork work, String purpose, boolean analyzed, RoundOutcome out, Instant settleEnd,
                       ErrorInput input) {
        return record(work, purpose, analyzed, out, settleEnd, input, settleEnd);
    }

    /**
     * {@link #record(EndpointWork, String, boolean, RoundOutcome, Instant, ErrorInput)} of a round whose own wake was
     * watched until {@code decayEnd}, before other traffic ran in its window.
     */
    RoundReport record(EndpointWork work, String purpose, boolean analyzed, RoundOutcome out, Instant settleEnd,
                       ErrorInput input, Instant decayEnd) {
        Instant ended = out.round().endedAt();
        Instant end = settleEnd.isBefore(ended) ? ended : settleEnd;
        Instant decay = decayEnd.isBefore(ended) ? ended : decayEnd.isAfter(end) ? end : decayEnd;
        RoundReport report = new RoundReport(purpose, analyzed, out.round(), end, input, decay);
        work.rounds.add(report);
        context.listener().round(work.endpoint.route(), report);
        return report;
    }

    /**
     * Whether a round counts for the analysis. A round cut short because the target showed distress does not: the
     * target was already failing its requests (502s, timeouts) instead of running the handler, so its few requests
     * retained nothing like the rounds before, and analysed with them they read as a plateau of a leak that
     * exhausted the target.
     */
    static boolean measures(RoundOutcome out) {
        return !(out instanceof RoundOutcome.Stopped s && s.stop().reason() == StopReason.TARGET_DISTRESS);
    }

    /** True when the session stopped: remembers why (the first reason wins). */
    boolean stop(RoundOutcome out) {
        if (out instanceof RoundOutcome.Stopped s) {
            if (stopped == null) {
                stopped = s.stop();
            }
            return true;
        }
        return context.waits().cancelled();
    }
}
