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
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An absolute http or https URL with a host and without user info or fragment. Literal link-local and cloud-metadata
 * addresses are refused here already; the authoritative check is preflight's, on the resolved address.
 */
@Documented
@Constraint(validatedBy = HttpUrl.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@interface HttpUrl {

    String message() default "must be an absolute http or https URL with a host and without user info";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<HttpUrl, String> {

        private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            String problem = problem(value);
            if (problem == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
            return false;
        }

        /** Null when {@code value} is acceptable, else what is wrong with it. */
        static String problem(String value) {
            if (value.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
                return "must not contain spaces or control characters";
            }
            URI uri;
            try {
                uri = new URI(value).parseServerAuthority();
            } catch (URISyntaxException e) {
                return "must be a valid absolute URL";
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return "must use the http or https scheme";
            }
            if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
                return "must not contain user info (put credentials in headers)";
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                return "must name a host";
            }
            if (uri.getRawFragment() != null) {
                return "must not contain a fragment";
            }
            if (neverAllowed(uri.getHost())) {
                return "must not point at a link-local or cloud metadata address";
            }
            return null;
        }

        private static boolean neverAllowed(String host) {
            String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            if (!IPV4.matcher(literal).matches() && !literal.contains(":")) {
                return false; // a name: preflight checks what it resolves to
            }
            try {
                InetAddress address = InetAddress.getByName(literal); // a literal: no DNS lookup
                byte[] b = address.getAddress();
                return address.isLinkLocalAddress()
                        || (b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xff) == 100 && (b[2] & 0xff) == 100
                        && (b[3] & 0xff) == 200) // Alibaba Cloud metadata
                        || literal.equalsIgnoreCase("fd00:ec2::254"); // AWS metadata over IPv6
            } catch (UnknownHostException e) {
                return true;
            }
        }
    }
}
