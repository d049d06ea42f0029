package io.leakscan.analysis.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a retained level across load rounds. A leak grows in every round; warm-up, a bounded cache or a
 * {@code sync.Pool} jumps first and then stays flat.
 *
 * @param shape      growing, plateau, flat or irregular
 * @param increments the change of the level in each round (level after round i minus level before it)
 * @param grewRounds how many rounds grew by more than the threshold
 */
public record Plateau(Shape shape, List<Double> increments, int grewRounds) {

    public enum Shape {
        /** Grew by more than the threshold in every round: what a leak does. */
        GROWING,
        /** Grew early, then stopped: warm-up or a bounded structure filling up. */
        PLATEAU,
        /** Never grew by more than the threshold. */
        FLAT,
        /** Grew in some later rounds but not in others: no steady slope to report. */
        IRREGULAR
    }

    public Plateau {
        increments = List.copyOf(increments);
    }

    /**
     * @param levels    the settled level before the first round, then after each round
     * @param threshold the smallest increment that counts as growth
     */
    public static Plateau classify(List<Double> levels, double threshold) {
        if (levels.size() < 2) {
            throw new IllegalArgumentException("plateau detection needs a level before and after a round");
        }
        List<Double> inc = new ArrayList<>();
        boolean[] grew = new boolean[levels.size() - 1];
        int grewCount = 0;
        for (int i = 1; i < levels.size(); i++) {
            double d = levels.get(i) - levels.get(i - 1);
            inc.add(d);
            grew[i - 1] = d > threshold;
            grewCount += grew[i - 1] ? 1 : 0;
        }
        Shape shape;
        if (grewCount == grew.length) {
            shape = Shape.GROWING;
        } else if (grewCount == 0) {
            shape = Shape.FLAT;
        } else if (!grew[grew.length - 1] && isPrefix(grew)) {
            shape = Shape.PLATEAU;
        } else {
            shape = Shape.IRREGULAR;
        }
        return new Plateau(shape, inc, grewCount);
    }

    /** True when the rounds that grew all come before the ones that did not. */
    private static boolean isPrefix(boolean[] grew) {
        boolean stopped = false;
        for (boolean g : grew) {
            if (g && stopped) {
                return false;
            }
            stopped |= !g;
        }
        return true;
    }
}
