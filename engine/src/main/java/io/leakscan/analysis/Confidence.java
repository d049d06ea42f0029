package io.leakscan.analysis;

import java.util.List;

/** How sure a detector is, from 0 to 1, and why. */
public record Confidence(double value, List<String> reasons) {

    public Confidence {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException("confidence must lie in [0, 1]: " + value);
        }
        reasons = List.copyOf(reasons);
    }
}
