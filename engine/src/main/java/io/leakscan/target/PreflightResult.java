package io.leakscan.target;

/** Outcome of {@link Preflight#check}. */
public sealed interface PreflightResult {

    /** The target answered; {@code fingerprint} says whether and which Echo it looks like. */
    record Passed(EchoFingerprint fingerprint) implements PreflightResult {
    }

    /** The scan cannot go on; {@code code} is stable and machine-readable, {@code message} precise and human. */
    record Failed(FailureCode code, String message) implements PreflightResult {
    }
}
