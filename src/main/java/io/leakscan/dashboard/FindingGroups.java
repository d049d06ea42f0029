package io.leakscan.dashboard;

import io.leakscan.analysis.Finding;
import io.leakscan.analysis.Severity;

import java.util.ArrayList;
import java.util.List;

/** Findings grouped by severity, most severe first, each numbered in report order (for stable anchors). */
public final class FindingGroups {

    private FindingGroups() {
    }

    /** One finding and its 1-based number in the report. */
    public record Numbered(int number, Finding finding) {
    }

    public record Group(Severity severity, List<Numbered> items) {
        /** {@code high}: for anchors and CSS classes. */
        public String slug() {
            return severity.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static List<Group> of(List<Finding> findings) {
        List<Group> groups = new ArrayList<>();
        for (Severity severity : Severity.values()) {
            List<Numbered> items = new ArrayList<>();
            for (int i = 0; i < findings.size(); i++) {
                if (findings.get(i).severity() == severity) {
                    items.add(new Numbered(i + 1, findings.get(i)));
                }
            }
            if (!items.isEmpty()) {
                groups.add(new Group(severity, List.copyOf(items)));
            }
        }
        return List.copyOf(groups);
    }
}
