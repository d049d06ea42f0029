package io.leakscan.webhook;

import io.leakscan.scan.ScanState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The events a subscription can ask for, by their wire names. */
public enum EventType {
    SCAN_SUCCEEDED("scan.succeeded"),
    SCAN_FAILED("scan.failed"),
    SCAN_CANCELLED("scan.cancelled"),
    /** In addition to scan.succeeded, for scans whose verdict is LEAKS_FOUND. */
    SCAN_LEAKS_FOUND("scan.leaks_found"),
    /**
     * In addition to scan.succeeded, for a scan a schedule started that found a leak the previous successful scan of
     * its target did not have.
     */
    SCAN_REGRESSED("scan.regressed");

    static final String LEAKS_FOUND_VERDICT = "LEAKS_FOUND";

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    static Optional<EventType> ofWire(String name) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(name)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(EventType::wire).toList();
    }

    /** The events a scan that ended in {@code status} with {@code verdict} (may be null) raises. */
    static List<EventType> raisedBy(ScanState status, String verdict) {
        List<EventType> out = new ArrayList<>();
        switch (status) {
            case SUCCEEDED -> {
                out.add(SCAN_SUCCEEDED);
                if (LEAKS_FOUND_VERDICT.equals(verdict)) {
                    out.add(SCAN_LEAKS_FOUND);
                }
            }
            case FAILED -> out.add(SCAN_FAILED);
            case CANCELLED -> out.add(SCAN_CANCELLED);
            default -> { }
        }
        return out;
    }
}
