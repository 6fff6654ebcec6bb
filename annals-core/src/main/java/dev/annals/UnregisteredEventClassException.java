package dev.annals;

/** An event object's class is not registered with the store it was given to; nothing was written. */
public class UnregisteredEventClassException extends AnnalsException {

    public UnregisteredEventClassException(Class<?> eventClass) {
        super("Event class " + eventClass.getName() + " is not registered; annotate it with @EventType "
                + "or register it in the EventTypeRegistry");
    }
}
