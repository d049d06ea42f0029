package io.leakscan.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Locale;

/**
 * The container's error path ({@code /error}), which Boot would answer with its own JSON: errors that never reach a
 * controller (a method the servlet refuses, such as TRACE, or an error raised in a filter) leave as problem+json
 * like every other error. A request for {@code /error} itself is a 404.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable error
                && DatabaseUnavailable.is(error)) {
            // a filter (the API key check) found the database away
            return DatabaseUnavailable.response(instance(request));
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer c ? HttpStatus.resolve(c) : null;
        if (status == null || !status.isError()) {
            status = HttpStatus.NOT_FOUND; // not an error dispatch: someone asked for /error
        }
        ProblemDetail problem = Problems.of(status, slug(status), status.getReasonPhrase(), detail(status));
        URI instance = instance(request);
        if (instance != null) {
            problem.setInstance(instance);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static URI instance(HttpServletRequest request) {
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String path) {
            try {
                return URI.create(path);
            } catch (IllegalArgumentException ignored) {
                // a path that is not a URI reference stays out of the answer
            }
        }
        return null;
    }

    static String slug(HttpStatus status) {
        return status.getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '-');
    }

    /** Fixed sentences only: nothing the container recorded (exception messages, class names) reaches the client. */
    static String detail(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "No resource at this path.";
            case METHOD_NOT_ALLOWED -> "This method is not supported here.";
            case NOT_IMPLEMENTED -> "This method is not implemented by this server.";
            case BAD_REQUEST -> "The request could not be read.";
            case INTERNAL_SERVER_ERROR -> "An unexpected error occurred.";
            default -> status.getReasonPhrase() + ".";
        };
    }
}
