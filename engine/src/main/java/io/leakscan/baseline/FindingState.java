package io.leakscan.baseline;

import java.time.LocalDate;

/**
 * One finding of the scan against the baseline.
 *
 * @param fingerprint the finding's {@link FindingFingerprint}
 * @param kind        the finding's kind, to read the list without joining
 * @param endpoint    its endpoint ({@code GET /users/:id}), or null when it concerns no single endpoint
 * @param state       new or unchanged
 * @param reason      the baseline entry's reason when unchanged, else null
 * @param expires     the baseline entry's expiry when unchanged and it has one, else null
 */
public record FindingState(String fingerprint, String kind, String endpoint, BaselineState state, String reason,
                           LocalDate expires) {

    public boolean known() {
        return state == BaselineState.UNCHANGED;
    }
}
