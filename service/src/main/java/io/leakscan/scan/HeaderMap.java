package io.leakscan.scan;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Request headers the scanner may send: valid names (RFC 9110 tokens), values without line breaks (no header
 * injection), at most 50, and none that would break the framing of the scanner's own requests.
 */
@Documented
@Constraint(validatedBy = HeaderMap.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@interface HeaderMap {

    String message() default "invalid headers";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<HeaderMap, Map<String, String>> {

        private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}");
        private static final Set<String> FORBIDDEN = Set.of("host", "content-length", "transfer-encoding",
                "connection", "upgrade", "te", "trailer", "keep-alive", "expect");

        @Override
        public boolean isValid(Map<String, String> headers, ConstraintValidatorContext context) {
            if (headers == null) {
                return true;
            }
            String problem = null;
            if (headers.size() > 50) {
                problem = "at most 50 headers";
            } else {
                for (var e : headers.entrySet()) {
                    String name = e.getKey();
                    String value = e.getValue();
                    if (name == null || !TOKEN.matcher(name).matches()) {
                        problem = "header names must be HTTP tokens";
                    } else if (FORBIDDEN.contains(name.toLowerCase(Locale.ROOT))) {
                        problem = "header " + name + " is set by the scanner itself";
                    } else if (value == null || value.length() > 8192
                            || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                        problem = "header values must be at most 8192 characters without line breaks";
                    }
                    if (problem != null) {
                        break;
                    }
                }
            }
            if (problem == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
            return false;
        }
    }
}
