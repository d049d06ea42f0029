package io.leakscan.baseline;

/** A baseline file that cannot be used, with the line that says why. */
public final class BaselineFormatException extends IllegalArgumentException {

    private final int line;

    public BaselineFormatException(String file, int line, String problem) {
        super(file + " line " + line + ": " + problem);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
