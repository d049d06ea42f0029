package io.leakscan.target;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The service under scan.
 *
 * @param baseUrl          absolute http(s) URL without userinfo; load goes here
 * @param headers          headers sent with every request to the target (its own credentials); never logged or echoed
 * @param telemetryBaseUrl where the service serves its telemetry when that is not the base URL (an admin listener such
 *                         as {@code http://127.0.0.1:6060}), or null; the same target rules apply to it
 * @param telemetryHeaders headers for the telemetry requests only (the admin listener's own credentials)
 */
public record TargetSpec(URI baseUrl, Map<String, String> headers, URI telemetryBaseUrl,
                         Map<String, String> telemetryHeaders) {

    public TargetSpec {
        Objects.requireNonNull(baseUrl, "baseUrl");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        telemetryHeaders = telemetryHeaders == null ? Map.of() : Map.copyOf(telemetryHeaders);
    }

    public TargetSpec(URI baseUrl, Map<String, String> headers) {
        this(baseUrl, headers, null, null);
    }

    /**
     * What the telemetry client talks to. On a separate telemetry address the target's own headers are not sent
     * there: they are the API's credentials, and the admin listener is another service that gets only its own. On the
     * base URL, the telemetry headers come on top of the target's.
     */
    public TargetSpec telemetryTarget() {
        if (telemetryBaseUrl == null) {
            Map<String, String> merged = new LinkedHashMap<>(headers);
            merged.putAll(telemetryHeaders);
            return new TargetSpec(baseUrl, merged);
        }
        return new TargetSpec(telemetryBaseUrl, telemetryHeaders);
    }

    /** Telemetry is read from an address of its own rather than from the base URL. */
    public boolean separateTelemetry() {
        return telemetryBaseUrl != null;
    }
}
