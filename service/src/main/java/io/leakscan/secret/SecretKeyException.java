package io.leakscan.secret;

/** A stored secret cannot be opened, or the configured keys are unusable; the message says which key and why. */
public class SecretKeyException extends IllegalStateException {

    public SecretKeyException(String message) {
        super(message);
    }

    public SecretKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
