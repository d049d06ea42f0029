package io.leakscan.analysis;

/** The verdict of a whole scan. No telemetry means no claim: {@link #INCONCLUSIVE}, never {@link #CLEAN}. */
public enum Verdict {
    LEAKS_FOUND, CLEAN, INCONCLUSIVE
}
