package io.leakscan.report;

import java.util.Objects;

/**
 * Why a scan did not complete.
 *
 * @param code    a stable upper-case code: a {@link io.leakscan.target.FailureCode} name or a scan-level one such as
 *                {@code TARGET_DISTRESS}, {@code LIMIT_REACHED}, {@code CANCELLED}
 * @param message one precise line for a human
 */
public record ScanFailure(String code, String message) {

    public ScanFailure {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        if (!code.matches("[A-Z][A-Z0-9_]*")) {
            throw new IllegalArgumentException("failure code must be UPPER_SNAKE_CASE: " + code);
        }
    }
}
