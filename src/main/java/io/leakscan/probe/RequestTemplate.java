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
            case KeyPlacement.QueryParam q -> {
                String separator = path.contains("?") ? "&" : "?";
                String uri = base + path + separator + URLEncoder.encode(q.name(), StandardCharsets.UTF_8) + "="
                        + tokenKey(keyIndex);
                yield new Request(method, URI.create(uri), headers, body, contentType);
            }
            case KeyPlacement.PathSegment p -> {
                int query = path.indexOf('?');
                String pathOnly = query >= 0 ? path.substring(0, query) : path;
                String rest = query >= 0 ? path.substring(query) : "";
                String replaced = replaceSegment(pathOnly, p.token(), tokenKey(keyIndex));
                yield new Request(method, URI.create(base + replaced + rest), headers, body, contentType);
            }
        };
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
