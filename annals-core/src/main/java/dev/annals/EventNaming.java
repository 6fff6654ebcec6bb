package dev.annals;

import java.util.Locale;

/**
 * Derives the stored type name of an event class that carries no {@link EventType} and was not
 * named on its category's builder — for event classes one does not own (generated, or migrated from
 * another store). Chosen explicitly with {@code StreamCategory.Builder#naming}, because a name
 * derived from a class name changes when the class is renamed, and stored events would then no
 * longer be read: keep the names stable, or add the old name as an alias with {@link EventType}.
 */
@FunctionalInterface
public interface EventNaming {

    /** The stored name of {@code eventClass}. */
    String nameOf(Class<?> eventClass);

    /** The simple class name as it is: {@code TicketOpened}. */
    static EventNaming simpleClassName() {
        return Class::getSimpleName;
    }

    /** The simple class name in kebab case: {@code TicketOpened} → {@code ticket-opened}. */
    static EventNaming kebabCase() {
        return type -> type.getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
