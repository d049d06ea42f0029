package io.leakscan.probe;

import io.leakscan.target.Endpoint;
import io.leakscan.target.TargetSpec;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Turns an endpoint of a target into concrete requests, optionally carrying a client-controlled key. */
final class RequestTemplate {

    /** 198.18.0.0/15: 131,072 addresses reserved for benchmarking (RFC 2544), never routed to a real host. */
    static final long KEY_RANGE_START = (198L << 24) | (18L << 16);
    static final long KEY_RANGE_SIZE = 1L << 17;

    static final String USER_AGENT = "Leakscan/0.1 probe";

    record Request(String method, URI uri, Map<String, String> headers, String body, String contentType) {
    }

    private final String method;
    private final String base;
    private final String path;
    private final Map<String, String> headers;
    private final String body;
    private final String contentType;

    RequestTemplate(TargetSpec target, Endpoint endpoint) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(endpoint, "endpoint");
        URI baseUrl = target.baseUrl();
        String scheme = baseUrl.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("target base URL must be an absolute http(s) URL: " + baseUrl);
        }
        if (baseUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("target base URL must not carry credentials");
        }
        String b = baseUrl.toString();
        int cut = b.indexOf('?');
        b = cut >= 0 ? b.substring(0, cut) : b;
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.path = endpoint.path().startsWith("/") ? endpoint.path() : "/" + endpoint.path();
        URI.create(base + path); // fail now, not on the first request, when the path is not a valid URI
        this.method = endpoint.method();
        Map<String, String> merged = new LinkedHashMap<>();
        merged.put("User-Agent", USER_AGENT); // say who is sending the load; a target header may override it
        target.headers().forEach((name, value) -> {
            merged.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
            merged.put(name, value);
        });
        endpoint.headers().forEach((name, value) -> { // the endpoint's own headers win over the target's defaults
            merged.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
            merged.put(name, value);
        });
        this.headers = Map.copyOf(merged);
        this.body = endpoint.body();
        this.contentType = endpoint.contentType();
    }

    /** The headers every request of this template carries (the same instance as in {@link #plain()}'s request). */
    Map<String, String> headers() {
        return headers;
    }

    Request plain() {
        return new Request(method, URI.create(base + path), headers, body, contentType);
    }

    /** The request with key number {@code keyIndex} placed as {@code placement} says. */
    Request keyed(KeyPlacement placement, long keyIndex) {
        return switch (placement) {
            case KeyPlacement.Header h -> {
                Map<String, String> withKey = new LinkedHashMap<>(headers);
                withKey.keySet().removeIf(name -> name.equalsIgnoreCase(h.name()));
                withKey.put(h.name(), ipKey(keyIndex));
                yield new Request(method, URI.create(base + path), withKey, body, contentType);
            }
            case KeyPlacement.QueryParam q -> new Request(method, URI.create(base + withQuery(path, q.name(),
                    tokenKey(keyIndex))), headers, body, contentType);
            case KeyPlacement.PathSegment p -> {
                int query = path.indexOf('?');
                String pathOnly = query >= 0 ? path.substring(0, query) : path;
                String rest = query >= 0 ? path.substring(query) : "";
                String replaced = replaceSegment(pathOnly, p.token(), tokenKey(keyIndex));
                yield new Request(method, URI.create(base + replaced + rest), headers, body, contentType);
            }
            case KeyPlacement.PathParam p -> {
                int query = path.indexOf('?');
                String pathOnly = query >= 0 ? path.substring(0, query) : path;
                String rest = query >= 0 ? path.substring(query) : "";
                String[] segments = pathOnly.substring(1).split("/", -1);
                if (p.segment() >= segments.length) {
                    throw new IllegalArgumentException("path " + pathOnly + " has no segment " + p.segment()
                            + " for parameter " + p.name());
                }
                segments[p.segment()] = tokenKey(keyIndex);
                yield new Request(method, URI.create(base + "/" + String.join("/", segments) + rest), headers, body,
                        contentType);
            }
            // Under the scanner's own prefix, so no route of the app can match it by chance.
            case KeyPlacement.UnknownPath u -> new Request(method, URI.create(base + "/leakscan-unrouted/"
                    + tokenKey(keyIndex)), headers, null, null);
            case KeyPlacement.Identity i -> new Request(method, URI.create(base + path), identity(keyIndex), body,
                    contentType);
        };
    }

    /** {@code name=value} in the query: the existing value replaced (Echo reads the first), or appended. */
    static String withQuery(String path, String name, String value) {
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8);
        int query = path.indexOf('?');
        if (query >= 0) {
            String[] pairs = path.substring(query + 1).split("&", -1);
            for (int i = 0; i < pairs.length; i++) {
                int eq = pairs[i].indexOf('=');
                String key = eq >= 0 ? pairs[i].substring(0, eq) : pairs[i];
                if (key.equals(encoded)) {
                    pairs[i] = encoded + "=" + value;
                    return path.substring(0, query + 1) + String.join("&", pairs);
                }
            }
        }
        return path + (query >= 0 ? "&" : "?") + encoded + "=" + value;
    }

    /**
     * The template's headers with key {@code n} in every identity header; credentials the endpoint or target set
     * are kept, so an authenticated endpoint still runs its handler.
     */
    private Map<String, String> identity(long n) {
        Map<String, String> withKey = new LinkedHashMap<>(headers);
        String token = tokenKey(n);
        put(withKey, "X-Request-ID", token);
        put(withKey, "X-Real-IP", ipKey(n));
        put(withKey, "User-Agent", USER_AGENT + " " + token);
        if (withKey.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Authorization"))) {
            withKey.put("Authorization", "Bearer " + token);
        }
        if (withKey.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Cookie"))) {
            withKey.put("Cookie", "session=" + token);
        }
        return withKey;
    }

    private static void put(Map<String, String> headers, String name, String value) {
        headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        headers.put(name, value);
    }

    private static String replaceSegment(String path, String token, String key) {
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].equals(token)) {
                segments[i] = key;
                return String.join("/", segments);
            }
        }
        return (path.endsWith("/") ? path : path + "/") + key;
    }

    /** Key {@code n} as an IPv4 address inside 198.18.0.0/15, skipping the range's first (network) address. */
    static String ipKey(long n) {
        long ip = KEY_RANGE_START + 1 + Math.floorMod(n, KEY_RANGE_SIZE - 2);
        return ((ip >> 24) & 255) + "." + ((ip >> 16) & 255) + "." + ((ip >> 8) & 255) + "." + (ip & 255);
    }

    static String tokenKey(long n) {
        return "lsk" + Long.toString(n, 36);
    }
}
