package io.leakscan.scan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How hard and how long a scan looks: {@code quick} smoke test, {@code memory} (default), {@code deep}. */
public enum Profile {
    QUICK, MEMORY, DEEP;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Profile fromWire(String value) {
        for (Profile p : values()) {
            if (p.wire().equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("profile must be one of quick, memory, deep");
    }
}
