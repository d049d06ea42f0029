package io.leakscan.dashboard;

import io.leakscan.analysis.Severity;
import io.leakscan.report.FindingView;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Findings grouped by severity, most severe first, each keeping its number in report order (for stable anchors). */
public final class FindingGroups {

    private FindingGroups() {
    }

    public record Group(Severity severity, List<FindingView> items) {
        /** {@code high}: for anchors and CSS classes. */
        public String slug() {
            return severity.name().toLowerCase(Locale.ROOT);
        }
    }

    static List<Group> of(List<FindingView> findings) {
        List<Group> groups = new ArrayList<>();
        for (Severity severity : Severity.values()) {
            List<FindingView> items = findings.stream().filter(f -> f.severity() == severity).toList();
            if (!items.isEmpty()) {
                groups.add(new Group(severity, items));
            }
        }
        return List.copyOf(groups);
    }
}
