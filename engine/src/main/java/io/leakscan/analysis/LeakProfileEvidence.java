package io.leakscan.analysis;

import io.leakscan.telemetry.parse.GoroutineProfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Evidence from {@code /debug/pprof/goroutineleak}: goroutines the garbage collector proved can never wake. A
 * stack that grew there during an endpoint's rounds is a leak beyond doubt: it confirms a suspect with the same
 * leak site (confidence 0.99), or becomes a GOROUTINE_LEAK of its own when the counts alone missed it.
 */
final class LeakProfileEvidence {

    static final double PROVEN = 0.99;

    /**
     * The wait state Go 1.26+ prints for a goroutine its leak-detecting GC proved unreachable (with
     * {@code GOEXPERIMENT=goroutineleakprofile}): {@code [chan receive (leaked)]}.
     */
    static final String LEAKED_MARK = "(leaked)";

    private LeakProfileEvidence() {
    }

    static List<Suspect> apply(ScanObservations obs, List<Suspect> suspects) {
        List<Suspect> out = new ArrayList<>();
        for (Suspect s : suspects) {
            boolean leakedMark = (s.kind() == FindingKind.GOROUTINE_LEAK || s.kind() == FindingKind.ABORT_IGNORED)
                    && !s.stacks().isEmpty() && s.stacks().getFirst().evidence().waitState() != null
                    && s.stacks().getFirst().evidence().waitState().contains(LEAKED_MARK);
            out.add(leakedMark ? s.withConfidence(PROVEN, "the runtime marks these goroutines \"(leaked)\": its "
                    + "garbage collector proved they can never wake") : s);
        }
        GoroutineProfile previous = obs.baselineLeakProfile();
        for (EndpointObservation ep : obs.endpoints()) {
            GoroutineProfile leak = ep.profiles().leakAfterSettle();
            if (leak == null) {
                continue;
            }
            // Endpoints are probed one after another: what the previous one left is not this one's.
            GoroutineProfile before = previous != null ? previous
                    : new GoroutineProfile(leak.capturedAt(), 0, List.of(), leak.detailed());
            previous = leak;
            if (leak.total() == 0) {
                continue;
            }
            for (Stacks.Grown g : Stacks.grown(before, leak, 1)) {
                String site = Stacks.siteOnly(g.evidence());
                boolean matched = false;
                for (int i = 0; i < out.size(); i++) {
                    Suspect s = out.get(i);
                    boolean sameEndpoint = ep.endpoint().equals(s.endpoint());
                    boolean goroutineKind = s.kind() == FindingKind.GOROUTINE_LEAK
                            || s.kind() == FindingKind.ABORT_IGNORED;
                    if (sameEndpoint && goroutineKind && s.stacks().stream()
                            .anyMatch(x -> Stacks.siteOnly(x.evidence()).equals(site))) {
                        out.set(i, s.withConfidence(PROVEN, "the runtime's goroutineleak profile proves "
                                + g.evidence().growth() + " of them can never wake (unreachable channel or lock)")
                                .withFigure(new Figure("provenLeaked", g.evidence().growth(), "goroutines")));
                        matched = true;
                    }
                }
                if (!matched && g.evidence().growth() >= 2) {
                    long requests = ep.rounds().stream().mapToLong(LoadRound::requests).sum();
                    double perRequest = requests == 0 ? 0 : (double) g.evidence().growth() / requests;
                    out.add(new Suspect(FindingKind.GOROUTINE_LEAK, ep.endpoint(), "GOROUTINE:" + site + " <- ",
                            Pattern.of(List.of(g), false), "GOROUTINELEAK_PROFILE",
                            List.of(new Figure("provenLeaked", g.evidence().growth(), "goroutines")), List.of(g),
                            0.95, List.of("the runtime's goroutineleak profile proves " + g.evidence().growth()
                            + " goroutines started under this endpoint can never wake"),
                            perRequest, 0, null).withFigure(new Figure("goroutinesPerRequest",
                            GoroutineDetector.round(perRequest), "goroutines/request")));
                }
            }
        }
        return out;
    }
}
