package io.leakscan.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Every error leaves the API as RFC 9457 {@code application/problem+json}. Details are written for the client and never
 * contain a stack trace, SQL or an internal class name; 5xx carry a trace id that is also in the log.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException ex, WebRequest request) {
        log.debug("{} {}: {}", ex.status().value(), path(request), ex.getMessage());
        ProblemDetail problem = Problems.of(ex.status(), ex.type() == null ? slug(ex.status()) : ex.type(),
                ex.title(), ex.getMessage());
        problem.setInstance(instance(request));
        ex.properties().forEach(problem::setProperty);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(ex.status());
        if (ex.retryAfter() != null) {
            long millis = Math.max(ex.retryAfter().toMillis(), 1);
            response.header(HttpHeaders.RETRY_AFTER, Long.toString((millis + 999) / 1000));
        }
        return response.body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception ex, WebRequest request) {
        if (DatabaseUnavailable.is(ex)) {
            log.warn("{}: the database cannot be reached: {}", path(request), ex.getMessage());
            return DatabaseUnavailable.response(instance(request));
        }
        String traceId = UUID.randomUUID().toString();
        log.error("Unhandled error on {} (trace id {})", path(request), traceId, ex);
        ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal Server Error",
                "Something went wrong on our side. Quote trace id " + traceId + " when reporting it.");
        problem.setProperty("traceId", traceId);
        problem.setInstance(instance(request));
        return ResponseEntity.internalServerError().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        List<Problems.FieldError> errors = new ArrayList<>();
        ex.getBindingResult().getFieldErrors().forEach(e ->
                errors.add(new Problems.FieldError(e.getField(), e.getDefaultMessage())));
        ex.getBindingResult().getGlobalErrors().forEach(e ->
                errors.add(new Problems.FieldError(e.getObjectName(), e.getDefaultMessage())));
        return validation("The request body is invalid.", errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
                                                                            HttpHeaders headers,
                                                                            HttpStatusCode status,
                                                                            WebRequest request) {
        List<Problems.FieldError> errors = new ArrayList<>();
        for (ParameterValidationResult result : ex.getParameterValidationResults()) {
            String name = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                errors.add(new Problems.FieldError(name, error.getDefaultMessage()));
            }
        }
        return validation("The request parameters are invalid.", errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex,
                                                        HttpHeaders headers, HttpStatusCode status,
                                                        WebRequest request) {
        if (ex instanceof MethodArgumentTypeMismatchException mismatch
                && mismatch.getParameter().hasParameterAnnotation(PathVariable.class)) {
            // /scans/not-a-uuid names no scan at all
            return problem(Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not Found",
                    "No resource at this address."), request);
        }
        String name = ex instanceof MethodArgumentTypeMismatchException m ? m.getName() : ex.getPropertyName();
        return validation("A request parameter is invalid.",
                List.of(new Problems.FieldError(name, "invalid value")), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        // Jackson wraps I/O and constraint failures in mapping exceptions that carry a path: look for them first
        for (Throwable c = ex; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof RequestSizeLimitFilter.RequestTooLargeException tooLarge) {
                return problem(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Content Too Large",
                        tooLarge.getMessage()), request);
            }
            if (c instanceof StreamConstraintsException) {
                return validation("The request body is nested too deeply.", List.of(), request);
            }
        }
        Throwable cause = ex;
        while (cause != null) {
            Problems.FieldError number = cause instanceof JacksonException j ? NumberFields.of(j, bodyType(request))
                    : null;
            if (number != null) {
                return validation("The request body has a number that does not fit its field.", List.of(number),
                        request);
            }
            if (cause instanceof UnrecognizedPropertyException unknown) {
                return validation("The request body has a field this API does not know.",
                        List.of(new Problems.FieldError(jsonPath(unknown), "unknown field")), request);
            }
            if (cause instanceof InvalidFormatException invalid) {
                return validation("The request body has a value of the wrong form.",
                        List.of(new Problems.FieldError(jsonPath(invalid), "invalid value")), request);
            }
            if (cause instanceof DatabindException bind && !bind.getPath().isEmpty()) {
                return validation("The request body has a value of the wrong type.",
                        List.of(new Problems.FieldError(jsonPath(bind), "invalid value")), request);
            }
            if (cause instanceof StreamReadException read) {
                return validation(malformed(read), List.of(), request);
            }
            if (cause instanceof JacksonException) {
                return validation("The request body is not valid JSON.", List.of(), request);
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return validation("The request body is missing or unreadable.", List.of(), request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        // Spring's own MVC errors (405, 415, 406, missing parameter...) keep their status and safe detail
        log.debug("{} {}: {}", statusCode.value(), path(request), ex.getMessage());
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem
                && (problem.getType() == null || problem.getType().equals(URI.create("about:blank")))) {
            HttpStatus status = HttpStatus.resolve(statusCode.value());
            problem.setType(URI.create(Problems.TYPE_BASE + (status == null ? "error" : slug(status))));
        }
        return response;
    }

    /** The type of the handler's {@code @RequestBody}, whose constraints say a field's range; null if unknown. */
    private static Class<?> bodyType(WebRequest request) {
        if (request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST)
                instanceof HandlerMethod handler) {
            for (MethodParameter p : handler.getMethodParameters()) {
                if (p.hasParameterAnnotation(RequestBody.class)) {
                    return p.getParameterType();
                }
            }
        }
        return null;
    }

    private ResponseEntity<Object> validation(String detail, List<Problems.FieldError> errors, WebRequest request) {
        return problem(Problems.validation(detail, errors), request);
    }

    private ResponseEntity<Object> problem(ProblemDetail problem, WebRequest request) {
        log.debug("{} {}: {}", problem.getStatus(), path(request), problem.getDetail());
        problem.setInstance(instance(request));
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    private static String malformed(StreamReadException read) {
        String message = String.valueOf(read.getOriginalMessage());
        String what = message.contains("UTF-8") || message.contains("UTF8")
                ? "The request body is not valid UTF-8."
                : "The request body is not valid JSON.";
        TokenStreamLocation at = read.getLocation();
        if (at != null && at.getLineNr() > 0) {
            return what + " Error at line " + at.getLineNr() + ", column " + at.getColumnNr() + ".";
        }
        return what;
    }

    /** {@code target.headers.X-Api} or {@code endpoints[2].path}: where in the body the bad value is. */
    private static String jsonPath(DatabindException ex) {
        StringBuilder path = new StringBuilder();
        for (var ref : ex.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static URI instance(WebRequest request) {
        try {
            return URI.create(path(request));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String slug(HttpStatus status) {
        return status.getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '-');
    }

    private static String path(WebRequest request) {
        return request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI() : "/";
    }
}
