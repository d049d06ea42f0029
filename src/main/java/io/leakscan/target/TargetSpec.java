package io.leakscan.target;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * The service under scan.
 *
 * @param baseUrl absolute http(s) URL without userinfo
 * @param headers headers sent with every request to the target (its own credentials); never logged or echoed
 */
public record TargetSpec(URI baseUrl, Map<String, String> headers) {

    public TargetSpec {
        Objects.requireNonNull(baseUrl, "baseUrl");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
