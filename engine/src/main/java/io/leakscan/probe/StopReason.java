package io.leakscan.probe;

/** Why a probe stopped before doing all it was asked. Stable names: reports and the API expose them. */
public enum StopReason {
    /** The user or the scan cancelled it. */
    CANCELLED,
    /** The session's maximum duration ran out. */
    DEADLINE,
    /** The session's total request budget is spent. */
    BUDGET_EXHAUSTED,
    /** The target policy refused the target's address when connecting: the probe sends nothing to it. */
    TARGET_NOT_ALLOWED,
    /** The target kept failing (429/503, timeouts, refused or reset connections) after the engine backed off. */
    TARGET_DISTRESS
}
