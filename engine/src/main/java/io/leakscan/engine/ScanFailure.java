package io.leakscan.engine;

import io.leakscan.probe.StopReason;
import io.leakscan.target.FailureCode;

import java.util.Objects;

/**
 * Why a scan did not succeed: a stable machine-readable {@code code} and a precise human {@code message}. The engine
 * returns it and the report states it.
 *
 * @param code    UPPER_SNAKE_CASE: the preflight's {@link FailureCode} name ({@code CONNECTION_REFUSED}, ...), a probe
 *                {@link StopReason} name ({@code TARGET_DISTRESS}, {@code DEADLINE}, {@code BUDGET_EXHAUSTED}),
 *                {@code INVALID_PLAN}, {@code PLAN_EXCEEDS_LIMITS}, {@code ENGINE_ERROR}, or one the service adds ({@code SCAN_TIMEOUT},
 *                {@code CANCELLED})
 * @param message one precise line for a human
 */
public record ScanFailure(String code, String message) {

    public static final String INVALID_PLAN = "INVALID_PLAN";
    public static final String ENGINE_ERROR = "ENGINE_ERROR";
    /** The plan needs more requests or time than the scan's limits allow ({@link PlannedTraffic}). */
    public static final String PLAN_EXCEEDS_LIMITS = "PLAN_EXCEEDS_LIMITS";

    public ScanFailure {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        if (!code.matches("[A-Z][A-Z0-9_]*")) {
            throw new IllegalArgumentException("failure code must be UPPER_SNAKE_CASE: " + code);
        }
    }

    static ScanFailure of(FailureCode code, String message) {
        return new ScanFailure(code.name(), message);
    }

    static ScanFailure of(StopReason reason, String message) {
        return new ScanFailure(reason.name(), message);
    }
}
