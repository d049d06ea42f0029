package io.leakscan.dashboard;

import io.leakscan.scan.ScanResource;
import io.leakscan.scan.ScanState;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Small formatting helpers the templates call as {@code @fmt}: times, durations, badge classes, numbers. */
@Component("fmt")
public class Format {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Clock clock;

    Format(Clock clock) {
        this.clock = clock;
    }

    public String when(Instant at) {
        return at == null ? "—" : WHEN.format(at);
    }

    public String iso(Instant at) {
        return at == null ? "" : at.toString();
    }

    /** Start to finish, or start to now while running; a dash before it started. */
    public String duration(ScanResource scan) {
        if (scan.startedAt() == null) {
            return "—";
        }
        Instant end = scan.finishedAt() != null ? scan.finishedAt() : clock.instant();
        return duration(Duration.between(scan.startedAt(), end).toMillis());
    }

    public String duration(long millis) {
        long s = Math.max(0, millis) / 1000;
        if (s < 60) {
            return millis < 1000 ? millis + " ms" : s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    public String statusLabel(ScanState status) {
        return switch (status) {
            case QUEUED -> "Queued";
            case RUNNING -> "Running";
            case SUCCEEDED -> "Succeeded";
            case FAILED -> "Failed";
            case CANCELLED -> "Cancelled";
        };
    }

    public String verdictLabel(String verdict) {
        if (verdict == null) {
            return "";
        }
        return switch (verdict) {
            case "LEAKS_FOUND" -> "Leaks found";
            case "CLEAN" -> "Clean";
            case "INCONCLUSIVE" -> "Inconclusive";
            default -> verdict;
        };
    }

    /** {@code LEAKS_FOUND} to {@code leaks-found}, for CSS classes. */
    public String slug(Object value) {
        return value == null ? "" : value.toString().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code GOROUTINE_LEAK} to {@code Goroutine leak}. */
    public String words(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    public String percent(double fraction) {
        return Math.round(fraction * 100) + " %";
    }

    /** A figure's value with its unit; bytes get binary prefixes. */
    public String figure(double value, String unit) {
        if (unit != null && unit.startsWith("bytes")) {
            return bytes(value) + unit.substring("bytes".length());
        }
        String number = value == Math.rint(value) && Math.abs(value) < 1e15
                ? String.format(Locale.ROOT, "%,d", (long) value)
                : String.format(Locale.ROOT, "%,.3g", value);
        return unit == null || unit.isBlank() ? number : number + " " + unit;
    }

    public String bytes(double value) {
        double abs = Math.abs(value);
        if (abs < 1024) {
            return String.format(Locale.ROOT, "%.0f B", value);
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int i = -1;
        double v = value;
        while (Math.abs(v) >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }
}
