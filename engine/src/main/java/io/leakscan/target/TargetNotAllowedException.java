package io.leakscan.target;

/**
 * The target (or an address it resolved to) must not be scanned. Thrown at preflight and again at connect time, so
 * a DNS answer that changes between the two is still caught. The message is precise and safe to show to the user.
 */
public class TargetNotAllowedException extends RuntimeException {

    private final String host;

    public TargetNotAllowedException(String host, String message) {
        super(message, null, false, false); // an expected refusal, not a bug: no stack trace to fill
        this.host = host;
    }

    public String host() {
        return host;
    }

    public FailureCode code() {
        return FailureCode.TARGET_NOT_ALLOWED;
    }
}
