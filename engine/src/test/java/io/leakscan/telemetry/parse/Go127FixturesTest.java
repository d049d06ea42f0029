package io.leakscan.telemetry.parse;

import io.leakscan.telemetry.Reading;
import io.leakscan.telemetry.Signal;
import io.leakscan.telemetry.SourceFormat;
import io.leakscan.telemetry.TelemetryReader;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The goroutine and goroutineleak profiles of a Go 1.27.3 lab app (lab/go127, leakprofile-leaky): 40 lookups blocked
 * on a channel only they reach (quote, rate: proven leaked) and 30 flushes blocked on a channel and mutex the
 * server still reaches (leaked in fact, not provable by the GC, so absent from the leak profile).
 */
class Go127FixturesTest {

    private static final Instant AT = Instant.EPOCH;
    private static final String SERVER = "github.com/leakscan/lab/go127/cmd/leakprofile-leaky/server.go";

    @Test
    void goroutineLeakDebug1ListsOnlyTheUnreachableLookups() {
        GoroutineDump dump = GoroutineTextParser.DEFAULT
                .parseDebug1(Fixtures.stream("go1.27/goroutineleak-debug1-leakprofile-leaky.txt"), AT).orThrow();
        assertThat(dump.kind()).isEqualTo(GoroutineDump.Kind.GOROUTINE_LEAK);
        GoroutineProfile p = dump.profile();
        assertThat(p.total()).isEqualTo(80);
        assertThat(count(p, "main.quote.func1")).isEqualTo(40);
        assertThat(count(p, "main.rate.func1")).isEqualTo(40);
        assertThat(count(p, "main.(*stock).flush")).isZero();
        Frame quote = group(p, "main.quote.func1").frames().getFirst();
        assertThat(quote.file()).isEqualTo(SERVER); // built with -trimpath: module paths, not a machine's
        assertThat(quote.line()).isEqualTo(43);
    }

    @Test
    void theReaderTellsTheLeakProfileFromAGoroutineProfileAndTakesNoGoroutineCountFromIt() {
        Reading r = TelemetryReader.defaults()
                .sniff(Fixtures.bytes("go1.27/goroutineleak-debug1-leakprofile-leaky.txt"), false, AT).orThrow();
        assertThat(r.format()).isEqualTo(SourceFormat.GOROUTINE_LEAK_DEBUG1);
        assertThat(r.goroutines().kind()).isEqualTo(GoroutineDump.Kind.GOROUTINE_LEAK);
        assertThat(r.values()).doesNotContainKey(Signal.GOROUTINES); // 80 proven, of 116 running
        Reading all = TelemetryReader.defaults()
                .sniff(Fixtures.bytes("go1.27/goroutine-debug1-leakprofile-leaky.txt"), false, AT).orThrow();
        assertThat(all.values().get(Signal.GOROUTINES)).isEqualTo(116.0);
    }

    @Test
    void goroutineLeakDebug2IsTheWholeDumpWithTheProvenOnesMarked() {
        GoroutineDump dump = GoroutineTextParser.DEFAULT
                .parseDebug2(Fixtures.stream("go1.27/goroutineleak-debug2-leakprofile-leaky.txt"), AT).orThrow();
        List<GoroutineRecord> leaked = dump.goroutines().stream().filter(GoroutineRecord::leaked).toList();
        assertThat(leaked).hasSize(80).allMatch(g -> g.state().equals("chan send (leaked)"));
        // debug=2 of goroutineleak is not filtered: the flushes are there, unmarked
        assertThat(dump.goroutines()).filteredOn(g -> g.state().equals("sync.Mutex.Lock")).hasSize(29)
                .noneMatch(GoroutineRecord::leaked);
        assertThat(dump.goroutines()).filteredOn(g -> g.frames().stream()
                .anyMatch(f -> f.function().equals("main.(*stock).flush"))).hasSize(30);
    }

    @Test
    void goroutineProfilesHoldEveryLeakedGoroutine() {
        GoroutineProfile d1 = GoroutineTextParser.DEFAULT
                .parseDebug1(Fixtures.stream("go1.27/goroutine-debug1-leakprofile-leaky.txt"), AT).orThrow().profile();
        assertThat(count(d1, "main.quote.func1")).isEqualTo(40);
        assertThat(count(d1, "main.rate.func1")).isEqualTo(40);
        assertThat(count(d1, "main.(*stock).flush")).isEqualTo(30);
        GoroutineDump d2 = GoroutineTextParser.DEFAULT
                .parseDebug2(Fixtures.stream("go1.27/goroutine-debug2-leakprofile-leaky.txt"), AT).orThrow();
        assertThat(d2.kind()).isEqualTo(GoroutineDump.Kind.GOROUTINE);
        // fetched after the goroutineleak profile: its GC's marks show in the plain dump too
        assertThat(d2.goroutines()).filteredOn(GoroutineRecord::leaked).hasSize(80);
        assertThat(d2.profile().total()).isEqualTo(d1.total());
    }

    @Test
    void binaryGoroutineLeakProfileHasTheSameStacks() {
        GoroutineDump dump = PprofParser.DEFAULT.parseGoroutine(
                Fixtures.stream("go1.27/goroutineleak-debug0-leakprofile-leaky.pb.gz"), AT).orThrow();
        assertThat(dump.kind()).isEqualTo(GoroutineDump.Kind.GOROUTINE_LEAK); // sample type goroutineleak/count
        GoroutineProfile bin = dump.profile();
        assertThat(bin.total()).isEqualTo(80);
        assertThat(count(bin, "main.quote.func1")).isEqualTo(40);
        assertThat(count(bin, "main.rate.func1")).isEqualTo(40);
    }

    private static int count(GoroutineProfile p, String function) {
        return p.groups().stream().filter(g -> g.frames().stream().anyMatch(f -> f.function().equals(function)))
                .mapToInt(StackGroup::count).sum();
    }

    private static StackGroup group(GoroutineProfile p, String function) {
        return p.groups().stream().filter(g -> g.frames().stream().anyMatch(f -> f.function().equals(function)))
                .findFirst().orElseThrow();
    }
}
