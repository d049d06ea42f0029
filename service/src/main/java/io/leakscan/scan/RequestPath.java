package io.leakscan.scan;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * A path (with an optional query) relative to the target's base URL, written as it goes on the wire: it starts with
 * {@code /} and every character is legal in a URI or percent-encoded. The engine builds each request's URI from it,
 * so a path it could not send is a 400 at submit rather than a failed scan later.
 */
@Documented
@Constraint(validatedBy = RequestPath.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@interface RequestPath {

    String message() default "must start with / and be a valid URI path";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator extends ProblemValidator<RequestPath> {

        public Validator() {
            super(Validator::problem);
        }

        /** Null when {@code value} is acceptable, else what is wrong with it (never quoting the input). */
        static String problem(String value) {
            if (!value.startsWith("/")) {
                return "must start with /";
            }
            if (value.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
                return "must not contain spaces or control characters (percent-encode them: %20)";
            }
            try {
                URI uri = new URI("http://h" + value); // as the engine joins it to the base URL
                if (uri.getRawFragment() != null) {
                    return "must not contain a fragment (#...)";
                }
            } catch (URISyntaxException e) {
                int at = e.getIndex() - "http://h".length();
                return "has a character that is not allowed in a URI" + (at >= 0 ? " at index " + at : "")
                        + "; percent-encode it (e.g. < as %3C)";
            }
            return null;
        }
    }
}
