package io.leakscan.ownership;

import java.util.Locale;

/** How a tenant proves it controls a target's host. */
public enum VerificationMethod {
    /** {@code leakscan-verification=<token>} as a line of {@code /.well-known/leakscan-verification.txt}. */
    HTTP,
    /** {@code leakscan-verification=<token>} as a TXT record of {@code _leakscan.<host>}. */
    DNS;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static VerificationMethod fromWire(String value) {
        for (VerificationMethod m : values()) {
            if (m.wire().equals(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("method must be http or dns, got " + value);
    }
}
