package dev.annals;

/**
 * The snapshot role of an aggregate: what a repository with a snapshot store needs from it. An
 * {@link AggregateRoot} implements it only when it is snapshotted; the repository's builder
 * requires it exactly when it is given a snapshot store.
 *
 * @param <S> the type of its snapshot state (an immutable record is best)
 */
public interface Snapshotting<S> {

    /** The state to snapshot; must not share mutable parts with the aggregate. */
    S snapshotState();

    /**
     * Replaces the state with a snapshot's. Called by the repository on a new instance, before the
     * events after the snapshot are applied.
     */
    void restoreState(S state);
}
