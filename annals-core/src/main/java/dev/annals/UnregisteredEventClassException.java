package dev.annals;

/** An event object's class is not registered with the store it was given to; nothing was written. */
public class UnregisteredEventClassException extends InvalidArgumentException {

    public UnregisteredEventClassException(Class<?> eventClass) {
        super("Event class " + eventClass.getName() + " is not registered; annotate it with @EventType(\"a-stable-name\"), "
                + "or name it on the category builder: .event(" + eventClass.getSimpleName() + ".class, \"a-stable-name\")");
    }
}
