package dev.annals;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the stable type name an event class is stored under. The Java class name is never
 * used by default, so classes can be renamed and moved freely.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

    /** The stored type name, e.g. {@code "ticket-opened"}. */
    String value();

    /** The schema version of this class's JSON; stored events of older versions are upcast. */
    int version() default 1;

    /** Former type names that also read into this class. */
    String[] aliases() default {};
}
