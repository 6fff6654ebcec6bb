package dev.annals;

/** A stored event has a type name that no registered event class carries. */
public class UnknownEventTypeException extends AnnalsException {

    private final String typeName;
    private final String stream;

    public UnknownEventTypeException(String typeName, String stream) {
        super("Event type '" + typeName + "' in stream " + stream + " is not registered; register a class for it "
                + "(or an alias) in the EventTypeRegistry");
        this.typeName = typeName;
        this.stream = stream;
    }

    public String typeName() {
        return typeName;
    }

    public String stream() {
        return stream;
    }
}
