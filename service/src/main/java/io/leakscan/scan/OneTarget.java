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

/**
 * A scan's target is named once: by {@code baseUrl} or by a registered {@code targetId}, not both and not neither.
 * The violation is reported on {@code baseUrl}, the field most requests give.
 */
@Documented
@Constraint(validatedBy = OneTarget.Validator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@interface OneTarget {

    String message() default "give baseUrl or targetId";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<OneTarget, ScanRequest.TargetRequest> {

        @Override
        public boolean isValid(ScanRequest.TargetRequest target, ConstraintValidatorContext context) {
            boolean url = target.baseUrl() != null && !target.baseUrl().isBlank();
            boolean id = target.targetId() != null;
            if (url != id) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(url
                            ? "give baseUrl or targetId, not both: a registered target brings its own base URL"
                            : "must not be blank (or give targetId, a registered target)")
                    .addPropertyNode("baseUrl").addConstraintViolation();
            return false;
        }
    }
}
