package dev.annals;

/** {@code get} found no events for the aggregate id. */
public class AggregateNotFoundException extends AnnalsException {

    private final Object aggregateId;

    public AggregateNotFoundException(String category, Object aggregateId) {
        super("No " + category + " aggregate with id " + aggregateId);
        this.aggregateId = aggregateId;
    }

    public Object aggregateId() {
        return aggregateId;
    }
}
