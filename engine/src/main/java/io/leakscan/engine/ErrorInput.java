package io.leakscan.engine;

import io.leakscan.probe.KeyPlacement;
import io.leakscan.target.Endpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An input a client gets wrong, sent by the wrong-input rounds ({@link ErrorScreening}) so the handler takes its
 * early-return branch: the branch where a Go handler most often skips a {@code Close}, a {@code cancel()} or an
 * unregister. Each derives the wrong request from the endpoint's own.
 */
public enum ErrorInput {
    /** No body where the endpoint sends one (its content type kept). */
    EMPTY_BODY("empty-body", "an empty body"),
    /** A truncated JSON document: every JSON decoder rejects it. */
    MALFORMED_BODY("malformed-body", "a malformed JSON body"),
    /** The endpoint's body as {@code text/plain}: Echo's binder answers 415. */
    WRONG_CONTENT_TYPE("wrong-content-type", "a wrong content type (text/plain)"),
    /**
     * The endpoint's credentials taken away: an empty {@code Authorization} header, which Go's {@code Header.Get}
     * reads as missing (an empty value also overrides a target-wide header).
     */
    MISSING_AUTH("missing-auth", "no Authorization header"),
    /** A bearer token no target issued. */
    INVALID_AUTH("invalid-auth", "an invalid bearer token"),
    /** {@link #UNKNOWN_VALUE} in every path parameter: a lookup that finds nothing (404, usually). */
    UNKNOWN_PATH_PARAM("unknown-path-param", "an unknown path parameter value");

    static final String MALFORMED_JSON = "{\"leakscan\":";
    static final String INVALID_TOKEN = "Bearer leakscan-invalid-token";
    static final String UNKNOWN_VALUE = "leakscan-unknown";
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    private final String id;
    private final String description;

    ErrorInput(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The name reports and the lab catalog use: {@code malformed-body}. */
    public String id() {
        return id;
    }

    /** How a finding names the requests: "a malformed JSON body". */
    public String description() {
        return description;
    }

    /**
     * The wrong inputs that apply to {@code endpoint}, in this order. The body inputs only where the endpoint sends a
     * body (a method without one, or a request the user gave none, has no decoder to fail): the malformed body on
     * every method that carries one. No credentials only where the endpoint or the target sends some
     * ({@code targetAuth}); an invalid token everywhere, since optional-auth middleware parses any token it is given.
     * An unknown value where the route has path parameters that line up with the request.
     */
    static List<ErrorInput> applicable(ScanEndpoint endpoint, boolean targetAuth) {
        Endpoint request = endpoint.request();
        boolean bodyMethod = BODY_METHODS.contains(request.method());
        boolean body = request.body() != null && !request.body().isEmpty();
        List<ErrorInput> out = new ArrayList<>();
        if (body) {
            out.add(EMPTY_BODY);
        }
        if (bodyMethod || body) {
            out.add(MALFORMED_BODY);
        }
        if (body) {
            out.add(WRONG_CONTENT_TYPE);
        }
        if (targetAuth || hasAuth(request.headers())) {
            out.add(MISSING_AUTH);
        }
        out.add(INVALID_AUTH);
        if (RoundPlan.routeKeys(endpoint).stream().anyMatch(k -> k instanceof KeyPlacement.PathParam)) {
            out.add(UNKNOWN_PATH_PARAM);
        }
        return List.copyOf(out);
    }

    /** The endpoint's request with this wrong input. */
    Endpoint apply(ScanEndpoint endpoint) {
        Endpoint e = endpoint.request();
        Map<String, String> headers = new LinkedHashMap<>(e.headers());
        return switch (this) {
            case EMPTY_BODY -> new Endpoint(e.method(), e.path(), "", e.contentType(), headers);
            case MALFORMED_BODY -> new Endpoint(e.method(), e.path(), MALFORMED_JSON, "application/json", headers);
            case WRONG_CONTENT_TYPE -> new Endpoint(e.method(), e.path(), e.body(), "text/plain", headers);
            case MISSING_AUTH -> {
                headers.keySet().removeIf(h -> h.equalsIgnoreCase("Authorization"));
                headers.put("Authorization", "");
                yield new Endpoint(e.method(), e.path(), e.body(), e.contentType(), headers);
            }
            case INVALID_AUTH -> {
                headers.keySet().removeIf(h -> h.equalsIgnoreCase("Authorization"));
                headers.put("Authorization", INVALID_TOKEN);
                yield new Endpoint(e.method(), e.path(), e.body(), e.contentType(), headers);
            }
            case UNKNOWN_PATH_PARAM -> new Endpoint(e.method(), unknownPath(endpoint), e.body(), e.contentType(),
                    headers);
        };
    }

    /** The request's path with every path parameter's segment replaced by {@link #UNKNOWN_VALUE}. */
    private static String unknownPath(ScanEndpoint endpoint) {
        String path = endpoint.request().path();
        int q = path.indexOf('?');
        String rest = q >= 0 ? path.substring(q) : "";
        String[] segments = (q >= 0 ? path.substring(0, q) : path).replaceFirst("^/", "").split("/", -1);
        for (KeyPlacement key : RoundPlan.routeKeys(endpoint)) {
            if (key instanceof KeyPlacement.PathParam p && p.segment() < segments.length) {
                segments[p.segment()] = UNKNOWN_VALUE;
            }
        }
        return "/" + String.join("/", segments) + rest;
    }

    /** Whether {@code headers} carry credentials (an {@code Authorization} header, any case). */
    static boolean hasAuth(Map<String, String> headers) {
        return headers.keySet().stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).equals("authorization"));
    }
}
