package dev.annals;

/** {@code get} found no events for the aggregate id. */
public class AggregateNotFoundException extends AnnalsException {

    private final Object aggregateId;

    /** @param store the store that was asked, for the message */
    public AggregateNotFoundException(String store, Object aggregateId) {
        super("No aggregate with id " + aggregateId + " in " + store + ": its stream has no events");
        this.aggregateId = aggregateId;
    }

    public Object aggregateId() {
        return aggregateId;
    }
}
