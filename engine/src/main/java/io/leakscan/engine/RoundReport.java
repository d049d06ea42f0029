package io.leakscan.engine;

import io.leakscan.probe.RoundTraffic;

import java.time.Instant;
import java.util.Objects;

/**
 * One round the engine ran, with the probe's statistics (count, status histogram, errors by cause, latency
 * percentiles) and the end of the settle window watched after it.
 *
 * @param purpose   {@code load}, {@code abort}, {@code key-repeated <key>} or {@code key-distinct <key>} (e.g.
 *                  {@code key-distinct header X-Forwarded-For}), {@code pilot} / {@code warm-up} for rounds that only
 *                  prepare the measurement, or {@code screen} / {@code screen key-...} for the endpoint's share of a
 *                  screening round that pooled several endpoints under one window (not analyzed when the group
 *                  showed a leak and its members were probed alone); {@code error <input>} for a wrong input
 * @param analyzed  whether the analyzer sees this round
 * @param settleEnd when the window after it closed
 * @param input     the wrong input the round sent ({@code error <input>} and {@code screen error <input>} rounds);
 *                  null for the others
 * @param decayEnd  until when the readings after it show its own wake: the settle end, or for a member of a
 *                  screening round followed by others, the end of its own short window before the next member's
 *                  requests (see {@link io.leakscan.analysis.LoadRound#decayEnd})
 */
public record RoundReport(String purpose, boolean analyzed, RoundTraffic round, Instant settleEnd, ErrorInput input,
                          Instant decayEnd) {

    public RoundReport {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(round, "round");
        Objects.requireNonNull(settleEnd, "settleEnd");
        Objects.requireNonNull(decayEnd, "decayEnd");
    }

    /** A round whose window saw no other traffic. */
    public RoundReport(String purpose, boolean analyzed, RoundTraffic round, Instant settleEnd, ErrorInput input) {
        this(purpose, analyzed, round, settleEnd, input, settleEnd);
    }

    /** A round that sent the endpoint's own request (or its aborts, or its keys). */
    public RoundReport(String purpose, boolean analyzed, RoundTraffic round, Instant settleEnd) {
        this(purpose, analyzed, round, settleEnd, null);
    }

    /** This round kept in the report but left out of the analysis. */
    RoundReport setAside() {
        return new RoundReport(purpose, false, round, settleEnd, input, decayEnd);
    }
}
