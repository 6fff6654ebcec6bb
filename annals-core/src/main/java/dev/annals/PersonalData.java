package dev.annals;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component (or field) of an event class or snapshot state as personal data: Annals
 * stores its value encrypted with the data key of the value's <em>subject</em>, and
 * {@link Annals#forget(String)} makes it unreadable for good by destroying that key.
 *
 * <p>The subject is the event's stream name (for example {@code customer-42}) unless the class has a
 * {@link DataSubject} component, whose value then names it. Marked values may sit in nested records
 * or classes of the application (their path is part of what the encryption authenticates); a value
 * inside a list, map or array is sealed as part of the marked collection as a whole.
 *
 * <p>Once the subject is forgotten, a marked value reads as JSON {@code null}: {@code null} for an
 * object, {@code 0} or {@code false} for a primitive, {@code Optional.empty()} for an
 * {@code Optional}. Code that reads marked values must accept that placeholder.
 *
 * <p>A null value is stored as null (there is nothing to hide). Needs a store opened with a
 * {@link dev.annals.keys.KeyProvider}; without one, appending a marked value fails with
 * {@link MasterKeyException} rather than storing it in clear.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface PersonalData {
}
