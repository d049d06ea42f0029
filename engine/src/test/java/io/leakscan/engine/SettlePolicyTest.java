package io.leakscan.engine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SettlePolicyTest {

    static Stream<Arguments> backTo() {
        return Stream.of(
                arguments("fewer than three readings never close", 2.0, 10.0, List.of(10.0, 10.0), false),
                arguments("flat at the reference", 2.0, 10.0, List.of(10.0, 10.0, 10.0), true),
                arguments("within the noise threshold", 2.0, 10.0, List.of(11.0, 12.0, 12.0), true),
                arguments("above the noise threshold", 2.0, 10.0, List.of(13.0, 13.0, 13.0), false),
                arguments("only the last reading is back", 2.0, 10.0, List.of(50.0, 40.0, 10.0), false),
                // peak 1,000 over the reference: a tenth of it (100) is the tolerance, 2 % (20) the fall still allowed
                arguments("near after a large peak, no longer falling", 2.0, 0.0,
                        List.of(1000.0, 95.0, 90.0), true),
                arguments("near after a large peak but still falling", 2.0, 0.0,
                        List.of(1000.0, 99.0, 60.0), false),
                arguments("a permanent leak stays up", 2.0, 100.0, List.of(160.0, 160.0, 160.0), false),
                arguments("a larger baseline noise widens the tolerance", 8.0, 10.0, List.of(16.0, 17.0, 17.0), true),
                arguments("below the reference counts as back", 2.0, 10.0, List.of(9.0, 8.0, 8.0), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void backTo(String why, double threshold, double reference, List<Double> after, boolean expected) {
        assertThat(new SettlePolicy(threshold).backTo(reference, after)).as(why).isEqualTo(expected);
    }

    static Stream<Arguments> wakeOver() {
        return Stream.of(
                arguments("one reading is not enough", 2.0, 10.0, List.of(10.0), false),
                arguments("two readings at the reference", 2.0, 10.0, List.of(10.0, 10.0), true),
                arguments("requests still in flight at the first", 2.0, 10.0, List.of(34.0, 11.0, 10.0), true),
                arguments("only the last reading is back", 2.0, 10.0, List.of(34.0, 10.0), false),
                // peak 400 over the reference: within a tenth of it, as the analyzer judges a decay
                arguments("near after a large peak", 2.0, 10.0, List.of(410.0, 45.0, 40.0), true),
                arguments("lingering: still up", 2.0, 10.0, List.of(410.0, 400.0, 390.0, 380.0), false),
                arguments("below the reference counts as back", 2.0, 10.0, List.of(8.0, 9.0), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void wakeOver(String why, double threshold, double reference, List<Double> after, boolean expected) {
        assertThat(new SettlePolicy(threshold).wakeOver(reference, after)).as(why).isEqualTo(expected);
    }

    static Stream<Arguments> quiet() {
        return Stream.of(
                arguments("fewer than three readings", 2.0, List.of(5.0, 5.0), false),
                arguments("flat", 2.0, List.of(5.0, 5.0, 5.0), true),
                arguments("moves within the threshold", 2.0, List.of(5.0, 7.0, 6.0), true),
                arguments("still falling", 2.0, List.of(30.0, 20.0, 10.0), false),
                arguments("a wider threshold", 25.0, List.of(30.0, 20.0, 10.0), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void quiet(String why, double threshold, List<Double> lastSecond, boolean expected) {
        assertThat(new SettlePolicy(threshold).quiet(lastSecond)).as(why).isEqualTo(expected);
    }

    static Stream<Arguments> steady() {
        return Stream.of(
                arguments("no readings yet", List.of(), List.of(), false),
                arguments("too few in the earlier second", List.of(10.0, 10.0, 10.0), List.of(10.0, 10.0), false),
                arguments("holds", List.of(10.0, 11.0, 10.0), List.of(10.0, 10.0, 9.0), true),
                arguments("still climbing by more than 2", List.of(20.0, 21.0, 22.0), List.of(15.0, 16.0, 17.0),
                        false),
                // 5 % of 200 is 10: a climb of 8 on a large count holds
                arguments("5 % of a large count", List.of(208.0, 208.0, 208.0), List.of(200.0, 200.0, 200.0), true),
                arguments("more than 5 % of a large count", List.of(215.0, 215.0, 215.0),
                        List.of(200.0, 200.0, 200.0), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void steady(String why, List<Double> lastSecond, List<Double> secondBefore, boolean expected) {
        assertThat(SettlePolicy.steady(lastSecond, secondBefore)).as(why).isEqualTo(expected);
    }

    static Stream<Arguments> level() {
        return Stream.of(
                arguments(List.of(), OptionalDouble.empty()),
                arguments(List.of(7.0), OptionalDouble.of(7.0)),
                arguments(List.of(1.0, 100.0, 5.0, 6.0), OptionalDouble.of(6.0)),
                arguments(List.of(9.0, 3.0), OptionalDouble.of(6.0)));
    }

    @ParameterizedTest(name = "level of {0} is {1}")
    @MethodSource
    void level(List<Double> values, OptionalDouble expected) {
        assertThat(SettlePolicy.level(values)).isEqualTo(expected);
    }

    static Stream<Arguments> heapSettled() {
        return Stream.of(arguments(List.of(), false), arguments(List.of(1.0), false),
                arguments(List.of(1.0, 2.0), true));
    }

    @ParameterizedTest(name = "{0} settled: {1}")
    @MethodSource
    void heapSettled(List<Double> readings, boolean expected) {
        assertThat(SettlePolicy.heapSettled(readings)).isEqualTo(expected);
    }
}
