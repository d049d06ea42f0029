package io.leakscan.system;

import org.springframework.http.HttpStatus;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error the API reports as it is: the status, a short stable title and a detail written for the client. Never
 * carries internal information.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private String type;
    private Duration retryAfter;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ApiException(HttpStatus status, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, "Not Found", detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, "Conflict", detail);
    }

    public static ApiException unprocessable(String detail) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "Unprocessable Content", detail);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "Bad Request", detail);
    }

    /** A problem type of its own ({@code quota-exceeded}) instead of the one named after the status. */
    public ApiException type(String slug) {
        this.type = slug;
        return this;
    }

    /** Sent as {@code Retry-After}, in whole seconds rounded up. */
    public ApiException retryAfter(Duration delay) {
        this.retryAfter = delay;
        return this;
    }

    /** An extension member of the problem body (RFC 9457 section 3.2), for clients to act on. */
    public ApiException property(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    /** The problem type's slug, or null for the status's own. */
    public String type() {
        return type;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public Map<String, Object> properties() {
        return Map.copyOf(properties);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }
}
