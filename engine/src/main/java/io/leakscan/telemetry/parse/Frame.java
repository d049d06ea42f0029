package io.leakscan.telemetry.parse;

/**
 * One frame of a Go stack: {@code main.(*server).stream} at {@code /src/app/handlers.go:42}.
 *
 * @param function fully qualified Go function name as the runtime prints it
 * @param file     absolute source path as compiled into the binary, or null when unknown
 * @param line     source line, 0 when unknown
 */
public record Frame(String function, String file, int line) {

    public String location() {
        return file == null ? function : file + ":" + line;
    }
}
