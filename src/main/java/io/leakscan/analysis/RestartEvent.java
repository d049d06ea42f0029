package io.leakscan.analysis;

import java.time.Instant;

/**
 * A restart of the target the scanner noticed.
 *
 * @param at     when it was noticed
 * @param reason what gave it away, e.g. {@code process_start_time_seconds changed}, {@code connection refused}
 */
public record RestartEvent(Instant at, String reason) {
}
