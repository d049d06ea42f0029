package io.leakscan.baseline;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IgnoreFileTest {

    static final String FP = "0123456789abcdef0123456789abcdef";
    static final String FP2 = "fedcba9876543210fedcba9876543210";

    @Test
    void readsEntriesWithReasonsAndOptionalExpiries() {
        Baseline b = IgnoreFile.parse(".leakscanignore", List.of(
                "# fingerprint  [expires:YYYY-MM-DD]  reason",
                "",
                FP + "   expires:2027-03-31   GET /stream leak, fix in #142",
                "  " + FP2 + " vendor client, accepted  "));
        assertThat(b.source()).isEqualTo(".leakscanignore");
        assertThat(b.entries()).containsExactly(
                new BaselineEntry(FP, "GET /stream leak, fix in #142", LocalDate.of(2027, 3, 31), ".leakscanignore:3"),
                new BaselineEntry(FP2, "vendor client, accepted", null, ".leakscanignore:4"));
    }

    @Test
    void eachMistakeNamesItsLine() {
        record Bad(List<String> lines, String message) {
        }
        for (Bad bad : List.of(
                new Bad(List.of("# ok", "abc reason"), "f line 2: 'abc' is not a finding fingerprint"),
                new Bad(List.of(FP.toUpperCase() + " reason"), "f line 1: '" + FP.toUpperCase() + "' is not"),
                new Bad(List.of(FP), "f line 1: fingerprint " + FP + " needs a reason"),
                new Bad(List.of(FP + " expires:2027-03-31"), "f line 1: fingerprint " + FP + " needs a reason"),
                new Bad(List.of(FP + " expires:2027-13-01 r"), "f line 1: '2027-13-01' is not a date"),
                new Bad(List.of(FP + " expires:soon r"), "f line 1: 'soon' is not a date"),
                new Bad(List.of(FP + " a", "", FP + " b"), "f line 3: fingerprint " + FP
                        + " is already listed on line 1"))) {
            assertThatThrownBy(() -> IgnoreFile.parse("f", bad.lines())).as(bad.lines().toString())
                    .isInstanceOf(BaselineFormatException.class).hasMessageStartingWith(bad.message());
        }
    }

    @Test
    void anEntryInForceWinsOverAnExpiredOneForTheSameFingerprint() {
        Baseline ignore = IgnoreFile.parse("ig", List.of(FP + " expires:2020-01-01 old"));
        Baseline report = new Baseline("prev.json", List.of(new BaselineEntry(FP, "in prev", null, "prev.json")));
        BaselineComparison c = ignore.and(report).compare(List.of(), LocalDate.of(2026, 12, 5));
        assertThat(c.source()).isEqualTo("ig, prev.json");
        assertThat(c.expired()).isEmpty();
        assertThat(ignore.compare(List.of(), LocalDate.of(2026, 12, 5)).expired()).hasSize(1);
    }
}
