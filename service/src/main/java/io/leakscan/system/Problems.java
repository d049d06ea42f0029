package io.leakscan.system;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one error shape (RFC 9457), also for filters that answer before Spring MVC is reached. */
public final class Problems {

    /** Problem types are stable URIs clients can switch on. */
    public static final String TYPE_BASE = "https://leakscan.io/problems/";

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + slug));
        problem.setTitle(title);
        return problem;
    }

    public static ProblemDetail validation(String detail, List<FieldError> errors) {
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "validation", "Invalid request", detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    /** One invalid input: {@code field} is a dotted path into the body ({@code target.baseUrl}) or a parameter name. */
    public record FieldError(String field, String message) {
    }

    /**
     * Writes a problem straight to the servlet response. Hand-built JSON keeps filters free of the message converters;
     * only our own fixed strings go into it.
     */
    public static void write(HttpServletResponse response, HttpStatus status, String slug, String title, String detail,
                             String instance) throws IOException {
        response.resetBuffer();
        response.setStatus(status.value());
        // no charset parameter: JSON is UTF-8 by definition, and this matches what Spring MVC sends
        response.setHeader("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json(status.value(), slug, title, detail, instance)
                .getBytes(StandardCharsets.UTF_8));
        response.flushBuffer();
    }

    /** The problem as JSON text, for writers outside Spring MVC (filters, the container's error valve). */
    static String json(int status, String slug, String title, String detail, String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + slug);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (instance != null) {
            body.put("instance", instance);
        }
        StringBuilder json = new StringBuilder("{");
        body.forEach((k, v) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(k).append("\":");
            json.append(v instanceof Integer ? v.toString() : quote(String.valueOf(v)));
        });
        return json.append('}').toString();
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
