package dev.annals;

import java.util.ArrayList;
import java.util.List;

/**
 * An event-sourced aggregate: its state changes only by applying events. A new aggregate has
 * version -1; each applied event adds 1. {@link #record} applies an event and keeps it as
 * uncommitted until the repository saves it. An aggregate whose repository snapshots it also
 * implements {@link Snapshotting}; one that is never snapshotted needs no snapshot code.
 *
 * <p>Not thread-safe: an instance belongs to one unit of work.
 *
 * @param <ID> the id type
 * @param <E> the base type of its events
 */
public abstract class AggregateRoot<ID, E> {

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

    /** The events recorded since the last load or save, as a copy. */
    public final List<E> uncommittedEvents() {
        return List.copyOf(uncommitted);
    }

    /** Sets the version of a snapshot whose state the repository has just restored. */
    final void restoredAt(long snapshotVersion) {
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
