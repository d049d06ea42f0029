package io.leakscan.telemetry.parse;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GoroutineTextParserTest {

    static final Instant AT = Instant.parse("2026-11-29T16:40:00Z");
    final GoroutineTextParser parser = GoroutineTextParser.DEFAULT;

    static ByteArrayInputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    static StackGroup groupWith(GoroutineProfile p, String function) {
        return p.groups().stream()
                .filter(g -> g.frames().stream().anyMatch(f -> f.function().equals(function)))
                .findFirst().orElseThrow();
    }

    @Test
    void debug1FixtureGroupsAddUpToTheTotal() {
        GoroutineDump dump = parser.parseDebug1(Fixtures.stream("tcap/goroutine-debug1.txt"), AT).orThrow();
        GoroutineProfile p = dump.profile();
        assertThat(dump.kind()).isEqualTo(GoroutineDump.Kind.GOROUTINE);
        assertThat(p.detailed()).isFalse();
        assertThat(p.total()).isEqualTo(32);
        assertThat(p.groups().stream().mapToInt(StackGroup::count).sum()).isEqualTo(32);
        assertThat(p.groups().getFirst().count()).isEqualTo(7);
        StackGroup select = groupWith(p, "main.leakSelect.func1");
        assertThat(select.count()).isEqualTo(7);
        assertThat(select.frames()).containsExactly(new Frame("main.leakSelect.func1", "/tmp/tcap/main.go", 38));
        StackGroup labeled = groupWith(p, "main.leakLabeled.func1");
        assertThat(labeled.count()).isEqualTo(4);
        assertThat(labeled.labels()).containsExactlyInAnyOrderEntriesOf(
                Map.of("handler", "/api/stream", "tenant", "a\"b\\c"));
        // tabwriter pads the function column with several tabs: the file must still come out clean
        assertThat(labeled.frames().get(1)).isEqualTo(
                new Frame("runtime/pprof.Do", "/usr/local/go/src/runtime/pprof/runtime.go", 57));
        StackGroup io = groupWith(p, "main.leakIOWait.func1");
        assertThat(io.frames().getFirst().function()).isEqualTo("internal/poll.runtime_pollWait");
        assertThat(io.frames()).hasSize(7);
    }

    @Test
    void goroutineLeakProfileIsTheSameFormatWithItsOwnKind() {
        GoroutineDump dump = parser.parseDebug1(Fixtures.stream("tcap/goroutineleak-debug1.txt"), AT).orThrow();
        assertThat(dump.kind()).isEqualTo(GoroutineDump.Kind.GOROUTINE_LEAK);
        assertThat(dump.profile().total()).isEqualTo(22);
        // the unreachable-channel goroutines are proven leaks; the sleeping ones are not
        assertThat(groupWith(dump.profile(), "main.leakChan.func1").count()).isEqualTo(5);
        assertThat(dump.profile().groups()).noneMatch(g -> g.frames().stream()
                .anyMatch(f -> f.function().equals("main.leakSleep.func1")));
    }

    @Test
    void debug2FixtureHasStatesAnnotationsCreatorsAndElision() {
        GoroutineDump dump = parser.parseDebug2(Fixtures.stream("tcap/goroutine-debug2.txt"), AT).orThrow();
        GoroutineProfile p = dump.profile();
        assertThat(p.detailed()).isTrue();
        assertThat(dump.goroutines()).hasSize(32);
        assertThat(p.total()).isEqualTo(32);
        GoroutineRecord locked = dump.goroutines().stream().filter(g -> g.id() == 43).findFirst().orElseThrow();
        assertThat(locked.state()).isEqualTo("chan receive");
        assertThat(locked.annotations()).containsExactly("locked to thread");
        assertThat(dump.goroutines()).filteredOn(g -> g.state().equals("chan receive (nil chan)")).hasSize(2);
        assertThat(dump.goroutines()).filteredOn(g -> g.state().equals("syscall")).hasSize(1);
        assertThat(dump.goroutines()).filteredOn(g -> g.state().equals("sync.Mutex.Lock")).hasSize(2);
        GoroutineRecord deep = dump.goroutines().stream().filter(GoroutineRecord::framesElided).findFirst().orElseThrow();
        assertThat(deep.frames()).anyMatch(f -> f.function().equals("main.deep"));
        assertThat(deep.createdBy().function()).isEqualTo("main.main");
        StackGroup select = groupWith(p, "main.leakSelect.func1");
        assertThat(select.count()).isEqualTo(7);
        assertThat(select.waitStates()).isEqualTo(Map.of("select", 7));
        assertThat(select.createdBy()).isEqualTo(new Frame("main.leakSelect", "/tmp/tcap/main.go", 36));
        GoroutineRecord served = dump.goroutines().getFirst();
        assertThat(served.state()).isEqualTo("running");
        assertThat(served.frames().getFirst().function()).isEqualTo("runtime/pprof.writeGoroutineStacks");
        assertThat(served.frames().get(3).function()).isEqualTo("net/http/pprof.handler.ServeHTTP");
        assertThat(served.createdByGoroutine()).isEqualTo(1);
    }

    @Test
    void debug2MinutesAreReadAndTheMaximumKeptPerGroup() {
        GoroutineDump dump = parser.parseDebug2(Fixtures.stream("tcap/goroutine-debug2-minutes.txt"), AT).orThrow();
        assertThat(dump.goroutines()).filteredOn(g -> g.waitMinutes() == 1).hasSize(7);
        StackGroup sleep = groupWith(dump.profile(), "main.leakSleep.func1");
        assertThat(sleep.maxWaitMinutes()).isEqualTo(1);
        assertThat(sleep.waitStates()).isEqualTo(Map.of("sleep", 3));
    }

    @Test
    void autoDetectPicksTheRightForm() {
        assertThat(parser.parse(Fixtures.stream("tcap/goroutine-debug2.txt"), AT).orThrow().profile().detailed()).isTrue();
        assertThat(parser.parse(Fixtures.stream("tcap/goroutine-debug1.txt"), AT).orThrow().profile().detailed()).isFalse();
    }

    @Test
    void crlfLineEndingsParseTheSame() {
        String crlf = Fixtures.text("tcap/goroutine-debug1.txt").replace("\n", "\r\n");
        GoroutineProfile p = parser.parseDebug1(in(crlf), AT).orThrow().profile();
        assertThat(p.total()).isEqualTo(32);
        assertThat(groupWith(p, "main.leakSelect.func1").frames().getFirst().file()).isEqualTo("/tmp/tcap/main.go");
        String crlf2 = Fixtures.text("tcap/goroutine-debug2.txt").replace("\n", "\r\n");
        assertThat(parser.parseDebug2(in(crlf2), AT).orThrow().goroutines()).hasSize(32);
    }

    @Test
    void stripArgsKeepsReceiverParentheses() {
        assertThat(GoroutineTextParser.stripArgs("net/http.(*conn).serve(0x31b01512c510, {0x9254c8, 0x31b0150aac00})"))
                .isEqualTo("net/http.(*conn).serve");
        assertThat(GoroutineTextParser.stripArgs("syscall.Read(...)")).isEqualTo("syscall.Read");
        assertThat(GoroutineTextParser.stripArgs("main.main()")).isEqualTo("main.main");
    }

    @Test
    void countsAboveIntegerMaxAreWrongType() {
        var r = parser.parseDebug1(in("goroutine profile: total 3000000000\n3000000000 @ 0x1\n#\t0x1\tmain.f+0x1\t/a.go:1\n\n"), AT);
        assertThat(r.failureIfAny()).get().extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.WRONG_TYPE);
        var huge = parser.parseDebug1(in("goroutine profile: total 99999999999999999999999\n"), AT);
        assertThat(huge.failureIfAny()).get().extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.WRONG_TYPE);
    }

    @Test
    void groupsShortOfTheTotalMeanTruncation() {
        String cut = "goroutine profile: total 5\n2 @ 0x1\n#\t0x1\tmain.f+0x1\t/a.go:1\n\n";
        assertThat(parser.parseDebug1(in(cut), AT).failureIfAny()).get()
                .extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.TRUNCATED);
    }

    @Test
    void wrongHeaderAndBadLabelsAreMalformed() {
        assertThat(parser.parseDebug1(in("<html>404</html>\n"), AT).failureIfAny()).get()
                .extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.MALFORMED);
        String badLabels = "goroutine profile: total 1\n1 @ 0x1\n# labels: {\"k\":\"unterminated}\n#\t0x1\tmain.f+0x1\t/a.go:1\n\n";
        var r = parser.parseDebug1(in(badLabels), AT);
        assertThat(r.failureIfAny()).get().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(ParseFailure.Kind.MALFORMED);
            assertThat(f.line()).isEqualTo(3);
        });
    }

    @Test
    void emptyBodyIsEmpty() {
        assertThat(parser.parseDebug1(in(""), AT).failureIfAny()).get()
                .extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.EMPTY);
        assertThat(parser.parseDebug2(in(""), AT).failureIfAny()).get()
                .extracting(ParseFailure::kind).isEqualTo(ParseFailure.Kind.EMPTY);
    }
}
