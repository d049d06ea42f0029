package io.leakscan.target;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tells Echo by its default error responses. Observed on the wire (raw captures under
 * src/test/resources/fixtures/echo/, Go 1.26, Echo v4.11.4, v4.16.0 and v5.4.4, default {@code echo.New()}):
 *
 * <pre>
 * GET /unknown  -> 404, Content-Type: application/json, body {"message":"Not Found"}\n (24 bytes)
 * DELETE /      -> 405, Allow: OPTIONS, GET, Content-Type: application/json, body {"message":"Method Not Allowed"}\n
 *                  (for a path with only a GET route; Allow lists OPTIONS first, then the registered methods)
 * </pre>
 *
 * v4.16.0 and v5.4.4 answer byte for byte alike (status line, header set and order, body; only Date differs), for
 * 404 and 405 and for 192 method/path combinations we diffed, so the major version cannot be told from these
 * responses. Echo v4 before v4.12.0 sends {@code Content-Type: application/json; charset=UTF-8} (v4.12.0 dropped the
 * charset, v5 never had it): that identifies an older v4.
 *
 * <p>{@link EchoFingerprint#confidence()} is how sure we are that the target is Echo: high when both defaults match,
 * low when neither does (a non-Echo target, or Echo behind a custom error handler).
 */
public final class EchoFingerprinter {

    static final String NOT_FOUND_BODY = "{\"message\":\"Not Found\"}";
    static final String METHOD_NOT_ALLOWED_BODY = "{\"message\":\"Method Not Allowed\"}";
    private static final double NOT_FOUND_WEIGHT = 0.6;
    private static final double METHOD_NOT_ALLOWED_WEIGHT = 0.5;
    private static final double PARTIAL_WEIGHT = 0.2;
    private static final double MAX_CONFIDENCE = 0.95;
    private static final double ECHO_THRESHOLD = 0.5;

    private EchoFingerprinter() {
    }

    /**
     * One response as seen by the scanner.
     *
     * @param request     e.g. {@code GET /__leakscan_probe_1f2e}
     * @param contentType the Content-Type header or null
     * @param allow       the Allow header or null
     * @param body        the body as text, empty when none
     */
    public record Observed(String request, int status, String contentType, String allow, String body) {

        public Observed {
            body = body == null ? "" : body;
        }

        /** The request got no response; {@code reason} says why. Counts as no match. */
        public static Observed failed(String request, String reason) {
            return new Observed(request, 0, null, null, reason);
        }

        public boolean isFailure() {
            return status == 0;
        }
    }

    /**
     * @param notFound         the answer to a GET of a path that cannot exist
     * @param methodNotAllowed the answer to an unused method on an existing route, or null when no route was known
     */
    public static EchoFingerprint classify(Observed notFound, Observed methodNotAllowed) {
        List<String> evidence = new ArrayList<>();
        double score = 0;
        boolean oldV4Charset = false;

        Match nf = match(notFound, 404, NOT_FOUND_BODY, false);
        evidence.add(nf.evidence());
        score += nf.full() ? NOT_FOUND_WEIGHT : nf.partial() ? PARTIAL_WEIGHT : 0;
        oldV4Charset |= nf.full() && hasUtf8Charset(notFound.contentType());

        if (methodNotAllowed != null) {
            Match mna = match(methodNotAllowed, 405, METHOD_NOT_ALLOWED_BODY, true);
            evidence.add(mna.evidence());
            score += mna.full() ? METHOD_NOT_ALLOWED_WEIGHT : mna.partial() ? PARTIAL_WEIGHT : 0;
            oldV4Charset |= mna.full() && hasUtf8Charset(methodNotAllowed.contentType());
        } else {
            evidence.add("405 check skipped: found no route to send an unused method to");
        }

        boolean echo = score >= ECHO_THRESHOLD;
        Integer major = null;
        if (echo && oldV4Charset) {
            major = 4;
            evidence.add("JSON errors carry charset=UTF-8: Echo v4 before v4.12.0 (v4.12+ and v5 send plain "
                    + "application/json)");
        } else if (echo) {
            evidence.add("major version not distinguishable: Echo v4.12+ and v5 send identical default 404/405 "
                    + "responses");
        }
        return new EchoFingerprint(echo, major, Math.min(MAX_CONFIDENCE, score), evidence);
    }

    /** True when {@code o} is exactly Echo's default 404 (status, JSON content type, body). */
    public static boolean isDefaultNotFound(Observed o) {
        return match(o, 404, NOT_FOUND_BODY, false).full();
    }

    private record Match(boolean full, boolean partial, String evidence) {
    }

    private static Match match(Observed o, int status, String expectedBody, boolean needsAllow) {
        if (o.isFailure()) {
            return new Match(false, false, o.request() + " failed: " + o.body());
        }
        boolean statusOk = o.status() == status;
        boolean bodyOk = o.body().strip().equals(expectedBody);
        boolean jsonOk = isJson(o.contentType());
        boolean allowOk = !needsAllow || (o.allow() != null && !o.allow().isBlank());
        String seen = o.request() + " -> " + o.status() + " " + (o.contentType() == null ? "(no Content-Type)"
                : o.contentType()) + (needsAllow ? ", Allow: " + (o.allow() == null ? "(none)" : o.allow()) : "")
                + ", body " + abbreviate(o.body().strip());
        if (statusOk && bodyOk && jsonOk && allowOk) {
            return new Match(true, false, seen + ": matches Echo's default " + status);
        }
        if (statusOk && bodyOk) {
            return new Match(false, true, seen + ": Echo's default " + status + " body but "
                    + (jsonOk ? "no Allow header" : "not served as application/json"));
        }
        return new Match(false, false, seen + ": not Echo's default " + status);
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mime = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return mime.equals("application/json");
    }

    private static boolean hasUtf8Charset(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).replace(" ", "").contains("charset=utf-8");
    }

    private static String abbreviate(String body) {
        if (body.isEmpty()) {
            return "(empty)";
        }
        String oneLine = body.replaceAll("\\s+", " ");
        return oneLine.length() > 80 ? oneLine.substring(0, 80) + "…" : oneLine;
    }
}
