package io.leakscan.system;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;

import java.io.IOException;
import java.net.URI;
import java.sql.SQLTransientConnectionException;

/**
 * The database cannot be reached (stopped, restarting, the pool waited in vain for a connection): the API answers
 * 503 with Retry-After as problem+json, whether a controller or a filter (the API key check) hit it, so clients
 * retry instead of treating it as a bug.
 */
public final class DatabaseUnavailable {

    static final long RETRY_AFTER_SECONDS = 10;
    private static final String SLUG = "database-unavailable";
    private static final String TITLE = "Service Unavailable";
    private static final String DETAIL = "The database cannot be reached at the moment. Retry in "
            + RETRY_AFTER_SECONDS + " seconds.";

    private DatabaseUnavailable() {
    }

    /** Whether {@code error}, or anything in its cause chain, says the database is out of reach. */
    public static boolean is(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
                    || t instanceof CannotCreateTransactionException || t instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    /** The same answer from a filter, written straight to the response (no exception reaches the container). */
    public static void write(HttpServletResponse response, String instance) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
        Problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, SLUG, TITLE, DETAIL, instance);
    }

    static ResponseEntity<ProblemDetail> response(URI instance) {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, SLUG, TITLE, DETAIL);
        if (instance != null) {
            problem.setInstance(instance);
        }
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS)).body(problem);
    }
}
