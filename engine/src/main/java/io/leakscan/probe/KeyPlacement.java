package io.leakscan.probe;

import java.util.Objects;

/**
 * Where a key-cardinality round puts its client-controlled key. Header keys are IPv4 addresses from 198.18.0.0/15
 * (RFC 2544 benchmarking range): they only ever travel as header values and are never connected to.
 */
public sealed interface KeyPlacement {

    static KeyPlacement xForwardedFor() {
        return new Header("X-Forwarded-For");
    }

    static KeyPlacement xRealIp() {
        return new Header("X-Real-IP");
    }

    /** A request header whose value is a client IP, e.g. X-Forwarded-For. */
    record Header(String name) implements KeyPlacement {
        public Header {
            requireToken(name, "header name");
        }
    }

    /** A query parameter appended to the endpoint's path. */
    record QueryParam(String name) implements KeyPlacement {
        public QueryParam {
            requireToken(name, "query parameter name");
        }
    }

    /**
     * A path segment: {@code token} in the endpoint's path is replaced by the key (e.g. {@code 42} in
     * {@code /users/42}, or {@code :id}); when the path does not contain it, the key is appended as a last segment.
     */
    record PathSegment(String token) implements KeyPlacement {
        public PathSegment {
            requireToken(token, "path token");
        }
    }

    /**
     * A path parameter of the route: segment {@code segment} of the request path (counted after the leading slash)
     * carries the key, e.g. {@code :label} in {@code /badges/:label}. Growth here belongs to that route's handler.
     */
    record PathParam(String name, int segment) implements KeyPlacement {
        public PathParam {
            requireToken(name, "path parameter name");
            if (segment < 0) {
                throw new IllegalArgumentException("path segment index must not be negative: " + segment);
            }
        }
    }

    /**
     * A distinct path no route serves (Echo's 404 route), the same for every endpoint: whatever grows with it is
     * kept before routing, by a middleware (a metrics label of the raw path, a per-path limiter).
     */
    record UnknownPath() implements KeyPlacement {
    }

    /**
     * The request's identity headers at once: a distinct X-Request-ID, X-Real-IP, User-Agent, and (unless the endpoint
     * carries its own credentials) a bearer token and a session cookie. One placement for all five keeps the time
     * cost of one; the finding names them together.
     */
    record Identity() implements KeyPlacement {
    }

    private static void requireToken(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank() || !value.chars().allMatch(c -> c > 32 && c < 127 && "?#&=/ ".indexOf(c) < 0)) {
            throw new IllegalArgumentException("invalid " + what + ": '" + value + "'");
        }
    }
}
