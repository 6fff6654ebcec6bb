package dev.annals;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the one top-level record component (or field) of an event class or snapshot state whose
 * value names the subject of its {@link PersonalData} values, instead of the stream: for example a
 * {@code customerId} in the events of an order, so that forgetting the customer erases their data
 * in every order. The value's JSON text (a string's content, a number's digits) is the subject id
 * passed to {@link Annals#forget(String)}.
 *
 * <p>The component itself is stored in clear (it must be, to find the key) and must not be
 * {@link PersonalData}; a null value is refused when the event is appended. Use a pseudonymous id
 * (a UUID), never personal data such as an e-mail address, as a subject.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface DataSubject {
}
