package io.leakscan.baseline;

import io.leakscan.analysis.Finding;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A scan's findings against a baseline, as the JSON report's {@code baseline} field carries it.
 *
 * @param source   which baseline was used
 * @param comparedOn the day expiries were judged on
 * @param findings one state per finding, in the report's finding order
 * @param expired  entries past their expiry: they no longer suppress a finding
 */
public record BaselineComparison(String source, LocalDate comparedOn, List<FindingState> findings,
                                 List<BaselineEntry> expired) {

    public BaselineComparison {
        Objects.requireNonNull(source, "source");
        findings = List.copyOf(findings);
        expired = List.copyOf(expired);
    }

    /** The state of one finding of this report; a finding the comparison never saw counts as new. */
    public BaselineState stateOf(Finding f) {
        String fp = FindingFingerprint.of(f);
        return findings.stream().filter(s -> s.fingerprint().equals(fp)).map(FindingState::state).findFirst()
                .orElse(BaselineState.NEW);
    }

    public boolean isKnown(Finding f) {
        return stateOf(f) == BaselineState.UNCHANGED;
    }

    public long knownCount() {
        return findings.stream().filter(FindingState::known).count();
    }

    public long newCount() {
        return findings.size() - knownCount();
    }
}
