package dev.annals;

import java.util.function.Function;

/**
 * An aggregate type whose snapshots can be checked against its events: its category, the class of
 * its snapshot state, and a factory of fresh aggregates. Listed by an {@link AggregateCatalog}.
 * Immutable and thread-safe when its factory is.
 *
 * @param <ID> the aggregate id type
 * @param <E> the base type of its events
 * @param <S> the snapshot state type; its {@code equals} compares states
 */
public final class VerifiableAggregate<ID, E, S> {

    private final StreamCategory<ID, E> category;
    private final Class<S> stateType;
    private final Function<ID, ? extends AggregateRoot<ID, E>> factory;

    private VerifiableAggregate(StreamCategory<ID, E> category, Class<S> stateType, Function<ID, ? extends AggregateRoot<ID, E>> factory) {
        this.category = category;
        this.stateType = stateType;
        this.factory = factory;
    }

    /**
     * An aggregate type; {@code factory} makes a new aggregate with no events applied, as a
     * repository's factory does.
     */
    public static <ID, E, S, A extends AggregateRoot<ID, E> & Snapshotting<S>> VerifiableAggregate<ID, E, S> of(
            StreamCategory<ID, E> category, Class<S> stateType, Function<ID, A> factory) {
        InvalidArgumentException.requireNonNull(category, "category");
        InvalidArgumentException.requireNonNull(stateType, "state type");
        InvalidArgumentException.requireNonNull(factory, "aggregate factory");
        return new VerifiableAggregate<>(category, stateType, factory);
    }

    public StreamCategory<ID, E> category() {
        return category;
    }

    public Class<S> stateType() {
        return stateType;
    }

    /** A fresh aggregate; {@link #of} required it to be {@link Snapshotting} of {@code S}. */
    AggregateRoot<ID, E> newAggregate(ID id) {
        AggregateRoot<ID, E> aggregate = factory.apply(id);
        if (aggregate == null || !(aggregate instanceof Snapshotting<?>) || !aggregate.id().equals(id)) {
            throw new IllegalStateException("the factory of category " + category.name() + " must return a new aggregate with the id given");
        }
        return aggregate;
    }

    @SuppressWarnings("unchecked") // of(...) bound the factory's result to Snapshotting<S>
    S stateOf(AggregateRoot<ID, E> aggregate) {
        return ((Snapshotting<S>) aggregate).snapshotState();
    }

    @Override
    public String toString() {
        return "VerifiableAggregate[" + category.name() + ", " + stateType.getName() + "]";
    }
}
