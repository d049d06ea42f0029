package io.leakscan.cli;

import io.leakscan.analysis.Severity;
import io.leakscan.engine.ScanEndpoint;
import io.leakscan.probe.ScanProfile;
import io.leakscan.target.Endpoint;
import io.leakscan.target.EndpointRef;
import io.leakscan.target.TargetUrls;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and checks what the user typed, turning each mistake into one precise line (exit 2). The same rules as the
 * service's {@code POST /api/v1/scans}, so a command that works locally also works with {@code --server}.
 */
final class Inputs {

    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Pattern ENDPOINT = Pattern.compile("([A-Za-z]+)\\s+(\\S+)(?:\\s+(\\S+))?");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Host, length and connection framing belong to the scanner's own requests (the API refuses them as well). */
    private static final Set<String> FRAMING_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "upgrade", "te", "trailer", "keep-alive", "expect");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private Inputs() {
    }

    /** The target (or server) URL: absolute http(s), a host, no user info, no fragment. */
    static URI httpUrl(String what, String value) {
        String hint = "must be an absolute http or https URL with a host, e.g. http://127.0.0.1:8080";
        if (value == null || value.isBlank() || value.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            throw CliException.usage("invalid " + what + " '" + value + "': " + hint);
        }
        URI uri;
        try {
            uri = new URI(value).parseServerAuthority();
        } catch (URISyntaxException e) {
            throw CliException.usage("invalid " + what + " '" + value + "': " + hint);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.isOpaque()) {
            throw CliException.usage("invalid " + what + " '" + value + "': " + hint);
        }
        if (uri.getRawUserInfo() != null) {
            throw CliException.usage("invalid " + what + " '" + redactUserInfo(uri) + "': user info is not allowed; "
                    + "pass credentials with --header \"Authorization: ...\"");
        }
        if (uri.getRawFragment() != null) {
            throw CliException.usage("invalid " + what + " '" + value + "': a URL fragment (#...) is not allowed");
        }
        return uri;
    }

    /**
     * A second address the scan reaches (the telemetry's): {@link #httpUrl}'s rules, plus the target module's own
     * (no never-scanned literal address such as cloud metadata, no legacy numeric spellings), so it fails here with
     * exit 2 rather than at preflight.
     */
    static URI targetUrl(String what, String value) {
        URI uri;
        try {
            uri = httpUrl(what, value);
        } catch (CliException e) {
            throw CliException.usage(e.getMessage().replace("--header", "--telemetry-header"));
        }
        try {
            TargetUrls.validateTarget(value);
        } catch (TargetUrls.InvalidTargetUrlException e) {
            throw CliException.usage("invalid " + what + " '" + value + "': " + e.getMessage().replace(
                    "the target URL", "the URL"));
        }
        return uri;
    }

    private static String redactUserInfo(URI uri) {
        return uri.getScheme() + "://***@" + uri.getRawAuthority().substring(uri.getRawAuthority().indexOf('@') + 1)
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /**
     * {@code "GET /users/42"}, or {@code "GET /users/:id /users/42"}: the route as registered in Echo (findings name
     * it), then the concrete path to request. Both must start with '/'.
     */
    static ScanEndpoint endpoint(String source, String value) {
        String expected = "expected \"METHOD /path\" or \"METHOD /route /path\", e.g. \"GET /users/42\"";
        Matcher m = value == null ? null : ENDPOINT.matcher(value.strip());
        if (m == null || !m.matches()) {
            throw CliException.usage("invalid " + source + " '" + value + "': " + expected);
        }
        String method = m.group(1).toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw CliException.usage("invalid " + source + " '" + value + "': unknown method " + m.group(1)
                    + "; use GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS");
        }
        String route = m.group(2);
        String path = m.group(3) == null ? route : m.group(3);
        if (!route.startsWith("/") || !path.startsWith("/")) {
            throw CliException.usage("invalid " + source + " '" + value + "': the path must start with '/'; "
                    + expected);
        }
        if (path.length() > 2048 || route.length() > 2048) {
            throw CliException.usage("invalid " + source + ": the path is longer than 2048 characters");
        }
        return new ScanEndpoint(new EndpointRef(method, route), new Endpoint(method, path, null, null, Map.of()));
    }

    /** {@code "Name: value"} headers, in order; a repeated name keeps the last value. */
    static Map<String, String> headers(List<String> values) {
        return headers(values, "--header");
    }

    /**
     * As {@link #headers(List)}, with {@code where} naming the option (and line) in errors. The names the service's
     * API refuses (the scanner frames its own requests) are refused here too, so a command that works locally also
     * works with --server.
     */
    static Map<String, String> headers(List<String> values, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String h : values) {
            int colon = h.indexOf(':');
            String name = colon < 0 ? "" : h.substring(0, colon).strip();
            if (colon < 0 || !HEADER_NAME.matcher(name).matches()) {
                throw CliException.usage("invalid " + where + " '" + redactHeader(h)
                        + "': expected \"Name: value\", e.g. \"Authorization: Bearer ...\"");
            }
            if (FRAMING_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw CliException.usage("invalid " + where + " " + name + ": the scanner sets this header itself");
            }
            String value = h.substring(colon + 1).strip();
            if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw CliException.usage("invalid " + where + " " + name + ": the value contains a line break");
            }
            if (value.length() > 8192) {
                throw CliException.usage("invalid " + where + " " + name + ": the value is longer than 8192 "
                        + "characters");
            }
            out.put(name, value);
        }
        if (out.size() > 50) {
            throw CliException.usage("at most 50 headers per " + where + " (got " + out.size() + ")");
        }
        return out;
    }

    // The value may be a credential: never echo it back into a CI log.
    private static String redactHeader(String h) {
        int colon = h.indexOf(':');
        return colon < 0 ? (h.length() > 20 ? h.substring(0, 20) + "..." : h) : h.substring(0, colon) + ": ***";
    }

    static List<String> telemetryPaths(List<String> values) {
        for (String p : values) {
            if (p == null || !p.startsWith("/") || p.chars().anyMatch(c -> c <= 0x20)) {
                throw CliException.usage("invalid --telemetry '" + p + "': a path starting with '/', e.g. "
                        + "/debug/vars");
            }
        }
        return List.copyOf(values);
    }

    static ScanProfile profile(String name) {
        try {
            return ScanProfile.named(name);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("unknown --profile '" + name + "'; use quick, memory or deep");
        }
    }

    /** {@code critical|high|medium|low|info}, or {@code none} to never fail on findings (null). */
    static Severity failOn(String value) {
        String v = value.strip().toUpperCase(Locale.ROOT);
        if (v.equals("NONE")) {
            return null;
        }
        try {
            return Severity.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("unknown --fail-on '" + value + "'; use critical, high, medium, low, info or "
                    + "none");
        }
    }

    /** {@code 90s}, {@code 5m}, {@code 1h}, {@code 1500ms}, a bare number of seconds, or ISO-8601 {@code PT5M}. */
    static Duration duration(String option, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        Duration d = null;
        Matcher m = DURATION.matcher(v);
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2);
                d = switch (unit) {
                    case "ms" -> Duration.ofMillis(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofSeconds(n);
                };
            } catch (NumberFormatException | ArithmeticException e) {
                d = null;
            }
        } else if (v.startsWith("pt")) {
            try {
                d = Duration.parse(value.strip());
            } catch (DateTimeParseException e) {
                d = null;
            }
        }
        if (d == null || d.isZero() || d.isNegative()) {
            throw CliException.usage("invalid " + option + " '" + value + "': a positive duration such as 90s, 5m "
                    + "or 1h");
        }
        return d;
    }

    static String reason(IOException e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName().replace("Exception", "");
        return switch (e) {
            case AccessDeniedException a -> "permission denied";
            case NoSuchFileException n -> "no such file or directory";
            case FileSystemException f when f.getReason() != null -> f.getReason();
            default -> m == null ? kind : m;
        };
    }
}
