package io.leakscan.baseline;

import io.leakscan.analysis.Finding;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The accepted findings a scan is compared with, read from a previous JSON report or a {@code .leakscanignore}.
 *
 * @param source  what was read, e.g. {@code .leakscanignore} or {@code previous.json}, for the reports
 * @param entries in file order; one per fingerprint
 */
public record Baseline(String source, List<BaselineEntry> entries) {

    public Baseline {
        entries = List.copyOf(entries);
    }

    /** Both baselines' entries under one source name; an entry in force wins over an expired one. */
    public Baseline and(Baseline other) {
        List<BaselineEntry> all = new ArrayList<>(entries);
        all.addAll(other.entries);
        return new Baseline(source + ", " + other.source, all);
    }

    /**
     * Marks each finding unchanged when an entry in force on {@code today} has its fingerprint, else new; expired
     * entries are listed so the summary can say they no longer suppress anything.
     */
    public BaselineComparison compare(List<Finding> findings, LocalDate today) {
        Map<String, BaselineEntry> active = new LinkedHashMap<>();
        List<BaselineEntry> expired = new ArrayList<>();
        for (BaselineEntry e : entries) {
            if (e.activeOn(today)) {
                active.putIfAbsent(e.fingerprint(), e);
            } else {
                expired.add(e);
            }
        }
        expired.removeIf(e -> active.containsKey(e.fingerprint()));
        List<FindingState> states = new ArrayList<>();
        for (Finding f : findings) {
            String fp = FindingFingerprint.of(f);
            BaselineEntry e = active.get(fp);
            states.add(new FindingState(fp, f.kind().name(), f.endpoint() == null ? null : f.endpoint().toString(),
                    e == null ? BaselineState.NEW : BaselineState.UNCHANGED, e == null ? null : e.reason(),
                    e == null ? null : e.expires()));
        }
        return new BaselineComparison(source, today, states, expired);
    }
}
