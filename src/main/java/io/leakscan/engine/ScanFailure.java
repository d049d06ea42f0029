package io.leakscan.engine;

import io.leakscan.probe.StopReason;
import io.leakscan.target.FailureCode;

import java.util.Objects;

/**
 * Why a scan failed: a stable machine-readable {@code code} and a precise human {@code message}.
 *
 * @param code the preflight's {@link FailureCode} name ({@code CONNECTION_REFUSED}, ...), a probe
 *             {@link StopReason} name ({@code TARGET_DISTRESS}, {@code DEADLINE}, {@code BUDGET_EXHAUSTED}),
 *             {@code INVALID_PLAN} or {@code ENGINE_ERROR}
 */
public record ScanFailure(String code, String message) {

    public static final String INVALID_PLAN = "INVALID_PLAN";
    public static final String ENGINE_ERROR = "ENGINE_ERROR";

    public ScanFailure {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    static ScanFailure of(FailureCode code, String message) {
        return new ScanFailure(code.name(), message);
    }

    static ScanFailure of(StopReason reason, String message) {
        return new ScanFailure(reason.name(), message);
    }
}
