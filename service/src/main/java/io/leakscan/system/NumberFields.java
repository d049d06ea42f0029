package io.leakscan.system;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.MismatchedInputException;

import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A number that does not fit a whole-number field of the request body ({@code 1e12}, {@code 1.5}): which field, and
 * the range its constraints allow, instead of "not valid JSON" or a silent truncation to 1.
 */
final class NumberFields {

    private NumberFields() {
    }

    /** The field error, or null when {@code cause} is not a number that fails to fit a whole-number field. */
    static Problems.FieldError of(JacksonException cause, Class<?> bodyType) {
        Class<?> target = cause instanceof InputCoercionException c ? c.getTargetType()
                : cause instanceof MismatchedInputException m ? m.getTargetType() : null;
        if (!isWholeNumber(target)) {
            return null;
        }
        List<String> path = path(cause);
        if (path.isEmpty()) {
            return null;
        }
        long[] range = range(bodyType, path, target);
        return new Problems.FieldError(String.join(".", path).replace(".[", "["),
                "must be a whole number from " + range[0] + " to " + range[1]);
    }

    private static boolean isWholeNumber(Class<?> type) {
        return type == Integer.class || type == int.class || type == Long.class || type == long.class;
    }

    /** {@code [tuning, concurrency]}: from the exception's reference chain, else from where the parser stood. */
    private static List<String> path(JacksonException cause) {
        Deque<String> names = new ArrayDeque<>();
        for (JacksonException.Reference ref : cause.getPath()) {
            if (ref.getPropertyName() != null) {
                names.addLast(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                names.addLast("[" + ref.getIndex() + "]");
            }
        }
        if (names.isEmpty() && cause.processor() instanceof JsonParser parser) {
            for (TokenStreamContext c = parser.streamReadContext(); c != null && !c.inRoot(); c = c.getParent()) {
                names.addFirst(c.inArray() ? "[" + c.getCurrentIndex() + "]" : c.currentName());
            }
        }
        return List.copyOf(names);
    }

    /** The bounds Bean Validation will check on that field, read from its constraints; else the type's own. */
    private static long[] range(Class<?> bodyType, List<String> path, Class<?> target) {
        boolean isLong = target == Long.class || target == long.class;
        long min = isLong ? Long.MIN_VALUE : Integer.MIN_VALUE;
        long max = isLong ? Long.MAX_VALUE : Integer.MAX_VALUE;
        Field field = field(bodyType, path);
        if (field != null) {
            if (field.isAnnotationPresent(Positive.class)) {
                min = 1;
            } else if (field.isAnnotationPresent(PositiveOrZero.class)) {
                min = 0;
            } else if (field.getAnnotation(Min.class) != null) {
                min = field.getAnnotation(Min.class).value();
            }
            if (field.getAnnotation(Max.class) != null) {
                max = field.getAnnotation(Max.class).value();
            }
        }
        return new long[]{min, max};
    }

    private static Field field(Class<?> type, List<String> path) {
        Field field = null;
        Class<?> current = type;
        for (String name : path) {
            if (name.startsWith("[")) {
                continue; // an element of the list the previous field holds
            }
            if (current == null) {
                return null;
            }
            try {
                field = current.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                return null;
            }
            current = elementType(field.getGenericType());
        }
        return field;
    }

    private static Class<?> elementType(Type type) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length == 1
                && p.getActualTypeArguments()[0] instanceof Class<?> element) {
            return element;
        }
        return type instanceof Class<?> c ? c : null;
    }
}
