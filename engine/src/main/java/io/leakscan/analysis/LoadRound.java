package io.leakscan.analysis;

import java.time.Instant;
import java.util.Objects;

/**
 * One round of requests against one endpoint, followed by its settle window (sampled at a high rate).
 *
 * @param kind            what the round did
 * @param start           when the first request was sent
 * @param end             when the last request finished or was cut
 * @param settleEnd       when the settle window after the round closed ({@code >= end})
 * @param completed       requests that got a full response
 * @param aborted         requests the client cut on purpose (ABORT rounds)
 * @param confirmedClosed of the aborted ones, how many connections the client saw really closed
 * @param errors          requests that failed for other reasons (refused, timeout, 5xx)
 * @param latency         latency percentiles of the completed requests, or null when none completed
 * @param keySource       for key rounds, the client-controlled key that varied or repeated, e.g.
 *                        {@code header X-Forwarded-For}, {@code query parameter q}, {@code path segment :id}
 * @param input           for {@link RoundKind#ERROR_INPUT} rounds, the wrong input they sent, as a finding names it
 *                        ({@code a malformed JSON body}); null for the others
 * @param status          for {@link RoundKind#ERROR_INPUT} rounds, the status the target answered most often; 0 for
 *                        the others
 * @param decayEnd        until when the readings after the round show its own wake ({@code end <= decayEnd <=
 *                        settleEnd}): the settle end, unless other traffic was sent in its window (a pooled screening
 *                        round's later members), which would read as this round's goroutines lingering
 */
public record LoadRound(RoundKind kind, Instant start, Instant end, Instant settleEnd, long completed,
                        long aborted, long confirmedClosed, long errors, LatencyPercentiles latency, String keySource,
                        String input, int status, Instant decayEnd) {

    /**
     * The key source of rounds that send each request to a distinct path no route serves: what grows with it is kept
     * for any path, before routing, so its scope is MIDDLEWARE whichever endpoint the rounds were run under.
     */
    public static final String UNKNOWN_PATH = "unknown path";

    public LoadRound {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(settleEnd, "settleEnd");
        Objects.requireNonNull(decayEnd, "decayEnd");
        if (end.isBefore(start) || settleEnd.isBefore(end) || decayEnd.isBefore(end) || decayEnd.isAfter(settleEnd)) {
            throw new IllegalArgumentException("round times out of order: " + start + ", " + end + ", " + decayEnd
                    + ", " + settleEnd);
        }
        if (completed < 0 || aborted < 0 || confirmedClosed < 0 || errors < 0 || confirmedClosed > aborted) {
            throw new IllegalArgumentException("invalid round counts");
        }
        if ((kind == RoundKind.ERROR_INPUT) != (input != null)) {
            throw new IllegalArgumentException("an error-input round names its input, and only such a round: " + kind);
        }
    }

    /** A round whose window saw no other traffic. */
    public LoadRound(RoundKind kind, Instant start, Instant end, Instant settleEnd, long completed, long aborted,
                     long confirmedClosed, long errors, LatencyPercentiles latency, String keySource, String input,
                     int status) {
        this(kind, start, end, settleEnd, completed, aborted, confirmedClosed, errors, latency, keySource, input,
                status, settleEnd);
    }

    /** A round that sent no wrong input (load, aborts, key rounds). */
    public LoadRound(RoundKind kind, Instant start, Instant end, Instant settleEnd, long completed, long aborted,
                     long confirmedClosed, long errors, LatencyPercentiles latency, String keySource) {
        this(kind, start, end, settleEnd, completed, aborted, confirmedClosed, errors, latency, keySource, null, 0);
    }

    /** Requests that reached the server and may have left something behind. */
    public long requests() {
        return completed + aborted + errors;
    }
}
