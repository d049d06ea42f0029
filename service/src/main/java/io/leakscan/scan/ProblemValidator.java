package io.leakscan.scan;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import java.lang.annotation.Annotation;
import java.util.function.UnaryOperator;

/**
 * A text constraint whose violation message says what exactly is wrong, instead of the annotation's fixed message.
 * The message is escaped, so text from the user's input is never interpolated as a validator template.
 */
class ProblemValidator<A extends Annotation> implements ConstraintValidator<A, String> {

    private final UnaryOperator<String> problem;

    /** {@code problem} returns null when the value is acceptable, else what is wrong with it. */
    ProblemValidator(UnaryOperator<String> problem) {
        this.problem = problem;
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        String wrong = problem.apply(value);
        if (wrong == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(wrong.replaceAll("([\\\\{}$])", "\\\\$1"))
                .addConstraintViolation();
        return false;
    }
}
