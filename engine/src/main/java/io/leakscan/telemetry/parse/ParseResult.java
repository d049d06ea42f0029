package io.leakscan.telemetry.parse;

import java.util.Optional;
import java.util.function.Function;

/**
 * The outcome of a parser: a value or a typed failure. Parsers return this instead of throwing, so one hostile or
 * broken response can never escape as an exception into the sampler or the scan.
 */
public sealed interface ParseResult<T> permits ParseResult.Parsed, ParseResult.Failed {

    record Parsed<T>(T value) implements ParseResult<T> {
    }

    record Failed<T>(ParseFailure failure) implements ParseResult<T> {
    }

    static <T> ParseResult<T> parsed(T value) {
        return new Parsed<>(value);
    }

    static <T> ParseResult<T> failed(ParseFailure failure) {
        return new Failed<>(failure);
    }

    static <T> ParseResult<T> failed(ParseFailure.Kind kind, String message, long offset, int line) {
        return new Failed<>(new ParseFailure(kind, message, offset, line));
    }

    default boolean isParsed() {
        return this instanceof Parsed<T>;
    }

    default Optional<T> asOptional() {
        return this instanceof Parsed<T> p ? Optional.of(p.value()) : Optional.empty();
    }

    default Optional<ParseFailure> failureIfAny() {
        return this instanceof Failed<T> f ? Optional.of(f.failure()) : Optional.empty();
    }

    /** The value, or an IllegalStateException naming the failure: for tests and callers that already checked. */
    default T orThrow() {
        return switch (this) {
            case Parsed<T> p -> p.value();
            case Failed<T> f -> throw new IllegalStateException(f.failure().toString());
        };
    }

    /** Chains a step that may itself fail; a failure passes through unchanged. */
    default <R> ParseResult<R> flatMap(Function<? super T, ParseResult<R>> fn) {
        return switch (this) {
            case Parsed<T> p -> fn.apply(p.value());
            case Failed<T> f -> new Failed<>(f.failure());
        };
    }

    default <R> ParseResult<R> map(Function<? super T, ? extends R> fn) {
        return switch (this) {
            case Parsed<T> p -> new Parsed<>(fn.apply(p.value()));
            case Failed<T> f -> new Failed<>(f.failure());
        };
    }
}
