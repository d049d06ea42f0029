package io.leakscan.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Leaks on error paths: a suspect the detectors found in the rounds of one wrong input (a malformed body, a missing
 * token...) is that input's leak. It is told apart from a leak of the same kind under the endpoint's own requests
 * (its own key, so scope resolution does not merge them), and its title names the input and the status the target
 * answered: "POST /imports leaks one open file descriptor per rejected (400) request with a malformed JSON body".
 */
final class ErrorPaths {

    private ErrorPaths() {
    }

    /** {@code suspect}, found in {@code rounds} (all of one input), as that input's leak. */
    static Suspect of(Suspect suspect, List<LoadRound> rounds) {
        String input = rounds.getFirst().input();
        int status = status(rounds);
        String request = (status >= 400 && status < 600 ? "rejected (" + status + ") request"
                : "request (answered " + status + ")") + " with " + input;
        List<String> reasons = new ArrayList<>(suspect.reasons());
        reasons.add("only requests with " + input + " left it behind (the target answered " + status + "): an early "
                + "return that skips a Close, a cancel or an unregister; its own requests did not");
        List<Figure> figures = new ArrayList<>(suspect.figures());
        figures.add(new Figure("answeredStatus", status, "HTTP status"));
        return new Suspect(suspect.kind(), suspect.endpoint(), suspect.key() + "|input " + input, suspect.pattern(),
                suspect.series(), figures, suspect.stacks(), suspect.confidence(), reasons, suspect.perRequest(),
                suspect.lifetime(), suspect.keySource(), request);
    }

    /** The status the rounds got most often (the first of a tie); 0 when none answered. */
    static int status(List<LoadRound> rounds) {
        Map<Integer, Integer> counts = new HashMap<>();
        int best = 0;
        for (LoadRound r : rounds) {
            if (r.status() > 0 && counts.merge(r.status(), 1, Integer::sum) > counts.getOrDefault(best, 0)) {
                best = r.status();
            }
        }
        return best;
    }
}
