package io.leakscan.scan;

import io.leakscan.target.TargetUrls;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;

/**
 * An absolute http or https URL with a host and without user info or fragment, by {@link TargetUrls}'s rule. Literal
 * addresses that are never scanned and legacy numeric spellings are refused here already; the allow-list is
 * checked at submit for literal addresses and again at connect, on the resolved address.
 */
@Documented
@Constraint(validatedBy = HttpUrl.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@interface HttpUrl {

    String message() default "must be an absolute http or https URL with a host and without user info";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Also accept the word {@code auto} (any case): the target's well-known description paths. */
    boolean orAuto() default false;

    class Validator extends ProblemValidator<HttpUrl> {

        private boolean orAuto;

        public Validator() {
            super(Validator::problem);
        }

        @Override
        public void initialize(HttpUrl annotation) {
            orAuto = annotation.orAuto();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return orAuto && ScanInventory.AUTO.equalsIgnoreCase(value) || super.isValid(value, context);
        }

        /**
         * Null when {@code value} is acceptable, else what is wrong with it. The rule is the target module's, the
         * same one preflight applies, so a URL is never accepted here and refused there (or the other way round).
         */
        static String problem(String value) {
            if (value.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
                return "must not contain spaces or control characters";
            }
            URI uri;
            try {
                uri = TargetUrls.validateTarget(value);
            } catch (TargetUrls.InvalidTargetUrlException e) {
                return e.getMessage().replace("the target URL", "the URL");
            }
            if (uri.getRawFragment() != null) {
                return "must not contain a fragment";
            }
            return null;
        }
    }
}
