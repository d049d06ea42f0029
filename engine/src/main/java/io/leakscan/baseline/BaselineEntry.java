package io.leakscan.baseline;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One accepted finding.
 *
 * @param fingerprint the finding's {@link FindingFingerprint}
 * @param reason      why it is accepted, for whoever reads the report
 * @param expires     the last day it suppresses the finding (null: never expires)
 * @param origin      where it was written, e.g. {@code .leakscanignore:4} or {@code previous.json}
 */
public record BaselineEntry(String fingerprint, String reason, LocalDate expires, String origin) {

    public BaselineEntry {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(origin, "origin");
    }

    /** Still in force on {@code today}: the expiry day itself still counts. */
    public boolean activeOn(LocalDate today) {
        return expires == null || !today.isAfter(expires);
    }
}
