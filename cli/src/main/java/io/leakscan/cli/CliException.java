package io.leakscan.cli;

/**
 * Ends a command with an exit code and one line for stderr. Thrown anywhere below a command; {@link Main} prints
 * {@code leakscan: <message>} (and the stack trace only with {@code --debug}) and returns the code.
 */
final class CliException extends RuntimeException {

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static CliException usage(String message) {
        return new CliException(ExitCodes.USAGE, message);
    }

    static CliException incomplete(String message) {
        return new CliException(ExitCodes.INCOMPLETE, message);
    }

    int exitCode() {
        return exitCode;
    }
}
