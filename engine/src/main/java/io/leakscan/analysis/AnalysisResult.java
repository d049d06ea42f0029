package io.leakscan.analysis;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The verdict of a scan and the findings behind it.
 *
 * @param verdict  leaks found, clean or inconclusive
 * @param summary  one plain-language paragraph
 * @param findings most severe first
 */
public record AnalysisResult(Verdict verdict, String summary, List<Finding> findings) {

    public AnalysisResult {
        findings = findings.stream()
                .sorted(Comparator.comparing(Finding::severity).thenComparing(f -> -f.confidence().value()))
                .toList();
    }

    public Map<Severity, Integer> countsBySeverity() {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            counts.put(s, 0);
        }
        findings.forEach(f -> counts.merge(f.severity(), 1, Integer::sum));
        return counts;
    }
}
