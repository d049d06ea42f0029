package io.leakscan.probe;

import io.leakscan.lab.Repo;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScanProfileTest {

    @Test
    void everyPresetCanJudgeGrowthInEveryRoundAndOutwaitsTheBriefsFiveSecondGoroutines() {
        for (ScanProfile profile : ScanProfile.PRESETS) {
            assertThat(profile.loadRounds()).as(profile.name()).isGreaterThanOrEqualTo(3);
            assertThat(profile.settle()).as(profile.name()).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
            assertThat(profile.abortRequests()).as(profile.name()).isPositive();
            assertThat(profile.abortAfter()).as(profile.name()).isLessThan(Probes.SHORT_TIMEOUTS.responseTimeout());
            profile.requireWithin(ProbeLimits.DEFAULT_SERVER_MAXIMA);
        }
    }

    @Test
    void quickFitsOneEndpointRunInTwentySecondsAndMemoryIsTheDefault() {
        assertThat(ScanProfile.QUICK.expectedDurationPerEndpoint()).isLessThanOrEqualTo(Duration.ofSeconds(20));
        assertThat(ScanProfile.QUICK.expectedDuration(1)).isLessThanOrEqualTo(Duration.ofSeconds(20));
        assertThat(ScanProfile.DEFAULT).isSameAs(ScanProfile.MEMORY);
        assertThat(ScanProfile.named(" Deep ")).isSameAs(ScanProfile.DEEP);
        assertThatThrownBy(() -> ScanProfile.named("turbo")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quick, memory, deep");
    }

    @Test
    void expectedDurationAddsRoundsGapsAbortsKeyRoundsAndSettle() {
        // quick: 3 x (150/250 s + 0.5 s) + (20 aborts at 10/0.5 s = 1 s, + 0.5 s + 0.5 s gap) + 6 s settle = 11.3 s
        assertThat(ScanProfile.QUICK.expectedDurationPerEndpoint()).isEqualTo(Duration.ofMillis(11_300));
        assertThat(ScanProfile.QUICK.expectedDuration(5)).isEqualTo(Duration.ofMillis(2_000 + 5 * 11_300));
        assertThat(ScanProfile.MEMORY.requestsPerEndpoint()).isEqualTo(5 * 400 + 50 + 2 * 1_000);
    }

    @Test
    void overridesTuneAnyParameterButNotPastTheServerMaxima() {
        ProfileOverrides overrides = new ProfileOverrides(null, 4, 100, 4, 50.0, null, Duration.ofSeconds(10), 5, null,
                Duration.ofSeconds(2), 10, List.of(new KeyPlacement.QueryParam("user")));
        ScanProfile tuned = ScanProfile.QUICK.with(overrides, ProbeLimits.DEFAULT_SERVER_MAXIMA);

        assertThat(tuned.loadPlan()).isEqualTo(new LoadPlan(100, 4, 50));
        assertThat(tuned.loadRounds()).isEqualTo(4);
        assertThat(tuned.settle()).isEqualTo(Duration.ofSeconds(10));
        assertThat(tuned.abortPlan().abortAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(tuned.keyPlan(new KeyPlacement.QueryParam("user")).requests()).isEqualTo(10);
        assertThat(tuned.roundGap()).isEqualTo(ScanProfile.QUICK.roundGap());
        assertThat(ScanProfile.MEMORY.with(ProfileOverrides.NONE, ProbeLimits.DEFAULT_SERVER_MAXIMA)).isEqualTo(ScanProfile.MEMORY);

        ProbeLimits small = new ProbeLimits(100, 10, 10_000, Duration.ofMinutes(5));
        assertThatThrownBy(() -> ScanProfile.MEMORY.with(ProfileOverrides.NONE, small))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concurrency 16").hasMessageContaining("maximum of 10");
        assertThatThrownBy(() -> ScanProfile.QUICK.with(
                new ProfileOverrides(null, null, null, null, 1000.0, null, null, null, null, null, null, null), small))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestsPerSecond");
        assertThatThrownBy(() -> ScanProfile.QUICK.with(
                new ProfileOverrides(null, 0, null, null, null, null, null, null, null, null, null, null), small))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loadRounds");
        assertThatThrownBy(() -> ScanProfile.QUICK.with(
                new ProfileOverrides(null, null, null, null, null, null, Duration.ofSeconds(-1), null, null, null, null, null), small))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("settle");
        assertThatThrownBy(() -> ScanProfile.QUICK.keyPlan(KeyPlacement.xForwardedFor())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ScanProfile.QUICK.expectedDuration(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theProfilesDocumentShowsTheNumbersTheCodeUses() throws Exception {
        String doc = Files.readString(Repo.path("docs/profiles.md"));
        for (ScanProfile p : ScanProfile.PRESETS) {
            assertThat(doc).as("docs/profiles.md row for " + p.name()).contains(row(p));
        }
    }

    /** The table row docs/profiles.md must carry for a preset. */
    static String row(ScanProfile p) {
        return "| `" + p.name() + "` | " + p.loadRounds() + " x " + p.requestsPerRound() + " | " + p.concurrency() + " | "
                + (int) p.requestsPerSecond() + "/s | " + secs(p.roundGap()) + " | " + p.abortRequests() + " after "
                + secs(p.abortAfter()) + " | " + (p.keyRequests() == 0 ? "none" : p.keyPlacements().size() + " x 2 x " + p.keyRequests())
                + " | " + secs(p.settle()) + " | " + p.requestsPerEndpoint() + " | " + secs(p.expectedDurationPerEndpoint())
                + " | " + secs(p.baseline()) + " | " + minSecs(p.expectedDuration(1)) + " | " + minSecs(p.expectedDuration(5))
                + " | " + minSecs(p.expectedDuration(10)) + " |";
    }

    static String secs(Duration d) {
        double s = d.toMillis() / 1000.0;
        return (s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s)) + " s";
    }

    static String minSecs(Duration d) {
        long s = Math.round(d.toMillis() / 1000.0);
        return s < 60 ? s + " s" : (s / 60) + " min " + (s % 60) + " s";
    }

    public static void main(String[] args) {
        ScanProfile.PRESETS.forEach(p -> System.out.println(row(p)));
    }
}
