package io.leakscan.tenant;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The least role a tenant key needs for a handler (on the method, else on its class). Unannotated API handlers need
 * {@link Role#READ} for GET and HEAD and {@link Role#ADMIN} for anything else, so a new endpoint that changes state
 * is closed until someone decides who may call it. The dashboard's handlers follow the same annotation.
 */
@Documented
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface RequiresRole {
    Role value();
}
