package io.leakscan.cli;

import io.leakscan.engine.ScanPhase;
import io.leakscan.target.EndpointRef;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** The two progress shapes: a redrawn bar on a terminal, one line per step otherwise. */
class ProgressTest {

    @Test
    void onATerminalOneLineIsRedrawnAndClearedAtTheEnd() {
        StringWriter w = new StringWriter();
        Progress p = Progress.forStream(new PrintWriter(w), true, Clock.systemUTC());
        p.phase(ScanPhase.PROBING, new EndpointRef("GET", "/users/:id"));
        p.progress(0.5, 1, 2);
        p.done();
        p.progress(0.9, 2, 2); // after done: nothing more is drawn

        String out = w.toString();
        assertThat(out).doesNotContain("\n");
        assertThat(out).contains("\r\u001b[2K[############............]  50%");
        assertThat(out).contains("probing         GET /users/:id");
        assertThat(out).endsWith("\r\u001b[2K");
        assertThat(out).doesNotContain(" 90%");
    }

    @Test
    void offATerminalEveryStepIsALogLine() {
        StringWriter w = new StringWriter();
        Progress p = Progress.forStream(new PrintWriter(w), false, Clock.systemUTC());
        p.phase(ScanPhase.PREFLIGHT, null);
        p.phase(ScanPhase.KEY_CARDINALITY, new EndpointRef("GET", "/hello"));
        p.serverStatus("RUNNING", "PROBING", 40);
        p.serverStatus("RUNNING", "PROBING", 40); // unchanged: not repeated
        p.done();

        assertThat(w.toString().lines().map(l -> l.replaceFirst("^leakscan \\[ *[0-9.]+s\\] ", "")).toList())
                .containsExactly("preflight", "key cardinality GET /hello", "running probing (40%)");
        assertThat(w.toString()).doesNotContain("\r");
    }
}
