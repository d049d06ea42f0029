package io.leakscan.analysis.recorded;

import io.leakscan.telemetry.GoroutineProfile;
import io.leakscan.telemetry.StackGroup;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test-only profile parser, on recorded text: the fixtures must read back as the runtime wrote them. */
class GoProfileTextTest {

    private static String text(String scenario, String file) {
        String t = RecordedScenario.load(scenario).optionalText(file);
        assertThat(t).as(file).isNotNull();
        return t;
    }

    @Test
    void debug1CountsAddUpToTheHeaderTotal() {
        GoroutineProfile p = GoProfileText.parse(text("stream-abort",
                "profiles/get-stream-abort-after-settle-debug1.txt"), Instant.EPOCH);
        assertThat(p.detailed()).isFalse();
        assertThat(p.groups().stream().mapToInt(StackGroup::count).sum()).isEqualTo(p.total());
        StackGroup top = p.groups().getFirst();
        assertThat(top.count()).isEqualTo(60);
        assertThat(top.frames().getFirst().function()).isEqualTo("main.stream");
        assertThat(top.frames().getFirst().line()).isEqualTo(29);
    }

    @Test
    void debug2GroupsGoroutinesWithWaitStatesAndCreators() {
        GoroutineProfile p = GoProfileText.parse(text("chan-block",
                "profiles/get-quotes-symbol-load-after-settle-debug2.txt"), Instant.EPOCH);
        assertThat(p.detailed()).isTrue();
        assertThat(p.groups().stream().mapToInt(StackGroup::count).sum()).isEqualTo(p.total());
        StackGroup top = p.groups().getFirst();
        assertThat(top.count()).isEqualTo(300);
        assertThat(top.waitStates()).containsEntry("chan send", 300);
        assertThat(top.createdBy().function()).isEqualTo("main.getQuote");
        assertThat(top.frames()).anyMatch(f -> f.function().equals("main.getQuote.func1") && f.line() == 46);
        // like debug=1, debug=2 hides the runtime's own frames of a parked goroutine
        assertThat(top.frames().getFirst().function()).isEqualTo("main.getQuote.func1");
    }

    @Test
    void argumentsAreStrippedFromFunctionNames() {
        assertThat(GoProfileText.stripArgs("net/http.(*conn).serve(0xc000123, {0x1, 0x2})"))
                .isEqualTo("net/http.(*conn).serve");
        assertThat(GoProfileText.stripArgs("main.main()")).isEqualTo("main.main");
        assertThat(GoProfileText.stripArgs("main.(*session).flushWhenDone(...)"))
                .isEqualTo("main.(*session).flushWhenDone");
    }

    @Test
    void somethingElseIsRejected() {
        assertThatThrownBy(() -> GoProfileText.parse("{\"message\":\"Not Found\"}", Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
