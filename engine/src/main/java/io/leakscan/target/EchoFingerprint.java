package io.leakscan.target;

import java.util.List;

/**
 * What the target's default error responses say about its framework.
 *
 * @param echo         true when the responses match Echo's defaults
 * @param majorVersion 4 or 5 when it could be told apart, else null
 * @param confidence   0 to 1
 * @param evidence     the observations, e.g. {@code 404 body {"message":"Not Found"}}
 */
public record EchoFingerprint(boolean echo, Integer majorVersion, double confidence, List<String> evidence) {

    public EchoFingerprint {
        evidence = List.copyOf(evidence);
    }
}
