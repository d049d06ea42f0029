package io.leakscan.telemetry.parse;

/** Internal control flow of the parsers: thrown deep inside, turned into {@link ParseResult.Failed} at the edge. */
final class ParseError extends RuntimeException {

    final ParseFailure failure;

    ParseError(ParseFailure.Kind kind, String message, long offset, int line) {
        super(message, null, false, false);
        this.failure = new ParseFailure(kind, message, offset, line);
    }

    ParseError(ParseFailure failure) {
        super(failure.message(), null, false, false);
        this.failure = failure;
    }
}
