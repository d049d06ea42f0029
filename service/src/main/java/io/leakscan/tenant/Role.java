package io.leakscan.tenant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * What a tenant's API key may do; each role includes the ones before it. {@code read}: every GET of the tenant's
 * scans and results; {@code scan}: also submit and cancel scans; {@code admin}: also webhooks and the tenant's keys.
 */
public enum Role {
    READ, SCAN, ADMIN;

    /** True when a key with this role may do what {@code required} guards. */
    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role fromWire(String value) {
        for (Role r : values()) {
            if (r.wire().equals(value)) {
                return r;
            }
        }
        throw new IllegalArgumentException("role must be one of read, scan, admin");
    }
}
