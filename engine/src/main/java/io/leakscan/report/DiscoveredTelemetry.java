package io.leakscan.report;

import io.leakscan.telemetry.Signal;

import java.util.Objects;

/**
 * Where the scan read one signal from, or why it could not.
 *
 * @param signal    the signal
 * @param available true when a source was found and read
 * @param source    the path on the target it came from ({@code /debug/pprof/goroutine?debug=1}), null when missing
 * @param format    the source's format ({@code pprof-debug1}, {@code prometheus}, {@code expvar}, {@code json}),
 *                  null when missing
 * @param reason    why it is missing ({@code 404 on every known path}, {@code 401}), null when available
 */
public record DiscoveredTelemetry(Signal signal, boolean available, String source, String format, String reason) {

    public DiscoveredTelemetry {
        Objects.requireNonNull(signal, "signal");
        if (available && (source == null || format == null)) {
            throw new IllegalArgumentException(signal + ": an available signal needs its source and format");
        }
        if (!available && reason == null) {
            throw new IllegalArgumentException(signal + ": a missing signal needs the reason");
        }
    }

    public static DiscoveredTelemetry found(Signal signal, String source, String format) {
        return new DiscoveredTelemetry(signal, true, source, format, null);
    }

    public static DiscoveredTelemetry missing(Signal signal, String reason) {
        return new DiscoveredTelemetry(signal, false, null, null, reason);
    }
}
