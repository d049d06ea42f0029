package io.leakscan.baseline;

import java.util.Locale;

/** A finding compared with a baseline: SARIF's {@code baselineState} values for the two cases a scan can tell. */
public enum BaselineState {
    /** Not in the baseline (or only in an expired entry): it counts for {@code --fail-on}. */
    NEW,
    /** In the baseline: reported as known, and does not fail the build. */
    UNCHANGED;

    /** SARIF spells them in lower case. */
    public String sarifName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
