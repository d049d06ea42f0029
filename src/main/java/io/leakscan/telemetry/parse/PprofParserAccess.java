package io.leakscan.telemetry.parse;

import java.time.Instant;

/** Total conversions of a decoded pprof profile into goroutine or heap form, for callers outside this package. */
public final class PprofParserAccess {

    private PprofParserAccess() {
    }

    public static ParseResult<GoroutineDump> goroutines(PprofProfile p, Instant at) {
        try {
            return ParseResult.parsed(PprofParser.toGoroutines(p, at));
        } catch (ParseError e) {
            return ParseResult.failed(e.failure);
        } catch (ArithmeticException e) {
            return ParseResult.failed(ParseFailure.Kind.WRONG_TYPE, "values out of range", -1, 0);
        }
    }

    public static ParseResult<HeapProfile> heap(PprofProfile p, Instant at) {
        try {
            return ParseResult.parsed(PprofParser.toHeap(p, at));
        } catch (ParseError e) {
            return ParseResult.failed(e.failure);
        } catch (ArithmeticException e) {
            return ParseResult.failed(ParseFailure.Kind.WRONG_TYPE, "values out of range", -1, 0);
        }
    }
}
