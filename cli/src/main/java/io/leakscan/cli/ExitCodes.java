package io.leakscan.cli;

/** The CLI's exit codes: a contract for CI pipelines, documented in the README. */
final class ExitCodes {

    /** No finding at or above {@code --fail-on}. */
    static final int OK = 0;
    /** At least one finding at or above {@code --fail-on}. */
    static final int FINDINGS = 1;
    /** Usage or configuration error: bad option, bad URL, unwritable output, rejected API key. */
    static final int USAGE = 2;
    /** The scan could not complete: unreachable target, target crashed, limits hit, cancelled. */
    static final int INCOMPLETE = 3;

    private ExitCodes() {
    }
}
