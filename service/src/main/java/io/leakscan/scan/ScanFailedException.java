package io.leakscan.scan;

import java.util.Objects;

/**
 * Thrown by a phase to end the scan FAILED with a stable code (e.g. CONNECTION_REFUSED, TARGET_UNSTABLE) and a message
 * written for the user. Both are shown in the API as they are, so put nothing internal in them.
 */
public class ScanFailedException extends RuntimeException {

    private final String code;

    public ScanFailedException(String code, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.code = Objects.requireNonNull(code, "code");
    }

    public String code() {
        return code;
    }
}
