package dev.annals;

import java.util.ArrayList;
import java.util.List;

/**
 * An event-sourced aggregate: its state changes only by applying events. A new aggregate has
 * version -1; each applied event adds 1. {@link #record} applies an event and keeps it as
 * uncommitted until the repository saves it.
 *
 * <p>Not thread-safe: an instance belongs to one unit of work.
 *
 * @param <ID> the id type
 * @param <E> the base type of its events
 * @param <S> the type of its snapshot state (an immutable record is best)
 */
public abstract class AggregateRoot<ID, E, S> {

    private final ID id;
    private long version = -1;
    private final List<E> uncommitted = new ArrayList<>();
    private LoadInfo loadInfo = LoadInfo.NEW;

    protected AggregateRoot(ID id) {
        this.id = InvalidArgumentException.requireNonNull(id, "aggregate id");
    }

    public final ID id() {
        return id;
    }

    /** The version including uncommitted events; -1 for a new aggregate with none. */
    public final long version() {
        return version;
    }

    /** The version the store held when this instance was loaded or last saved. */
    public final long persistedVersion() {
        return version - uncommitted.size();
    }

    /** Applies {@code event} and keeps it to be saved. */
    protected final void record(E event) {
        InvalidArgumentException.requireNonNull(event, "event");
        apply(event);
        version++;
        uncommitted.add(event);
    }

    /** Changes the state by one event. Must not fail for an event that was recorded before. */
    protected abstract void apply(E event);

    /** The state to snapshot; must not share mutable parts with the aggregate. */
    protected abstract S snapshotState();

    /** Replaces the state with a snapshot's. */
    protected abstract void restoreState(S state);

    /** The events recorded since the last load or save, as a copy. */
    public final List<E> uncommittedEvents() {
        return List.copyOf(uncommitted);
    }

    /** The events recorded since the last load or save, which are then forgotten. */
    public final List<E> pullUncommittedEvents() {
        List<E> events = List.copyOf(uncommitted);
        uncommitted.clear();
        return events;
    }

    /** The state as a snapshot would hold it now. */
    public final S currentState() {
        return snapshotState();
    }

    /** Restores a snapshot's state and sets the version it was taken at. */
    public final void restoreFrom(S state, long snapshotVersion) {
        InvalidArgumentException.require(uncommitted.isEmpty(), "cannot restore an aggregate with uncommitted events");
        restoreState(state);
        version = snapshotVersion;
    }

    /** Applies a stored event during a load. */
    final void replay(E event) {
        apply(event);
        version++;
    }

    final void markCommitted() {
        uncommitted.clear();
    }

    final LoadInfo loadInfo() {
        return loadInfo;
    }

    final void loadInfo(LoadInfo info) {
        this.loadInfo = info;
    }
}
