package dev.annals.spi.support;

import dev.annals.AppendResult;
import dev.annals.DuplicateEventIdException;
import dev.annals.EventStoreConflictException;
import dev.annals.StreamDeletedException;
import dev.annals.StreamState;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StoredEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The one decision every backend makes for an append: write it, report a version conflict, return
 * the outcome of an earlier identical append (a retry), or refuse a reused event id.
 *
 * <p><b>The rule.</b> When none of the append's event ids is stored, the expected version decides:
 * a mismatch is an {@link EventStoreConflictException}, a match (or {@code ANY}) means write. When
 * any id is stored, the append is a <em>retry</em> only if it is exactly an append made before: the
 * same ids in the same order, in this stream, at consecutive versions starting right after the
 * expected version (any place for {@code ANY}), each with the same type, schema version, user
 * metadata and payload, and not a part of a larger append (the stored events just before and just
 * after it do not belong to the same append). A retry writes nothing and returns the original
 * versions and positions, even when the stream has moved on since. Anything else is a
 * {@link DuplicateEventIdException} that names the problem, and the stream holding a foreign id.
 *
 * <p><b>What a retry compares.</b> Only what the caller gave: ids, types, schema versions, user
 * metadata and payloads as the caller serialized them. Whatever a store adds or changes at rest
 * (the recorded-at time, an encryption of the payload) takes no part: a backend that changes bytes at
 * rest passes the caller's bytes in {@link StoredEvent}. Nor does the system part of the metadata (the
 * trace context an append stores, see {@link SystemMetadata}): a retry sent from another trace is the same append.
 *
 * <p><b>How a backend uses it.</b> Inside the transaction that would write the append, and with
 * the append serialized against other appends to the stream: call {@link #decide} with the
 * stream's current version and a {@link Lookup} of the stored events. A backend may skip the
 * id lookup on its fast path (pass {@link #decide} a lookup only when the version does not
 * match) provided that a unique constraint on event ids catches a stored id at insert; it then
 * calls {@link #afterTakenId} once the partial insert is undone.
 *
 * <p>Stateless and thread-safe.
 */
public final class AppendDecision {

    /**
     * Reads what the decision needs from the backend, inside the append's transaction.
     *
     * @param <X> what the backend's reads throw ({@code SQLException}, or {@code RuntimeException} for none)
     */
    public interface Lookup<X extends Exception> {

        /** The stored events whose ids are among {@code ids}, in any order. */
        List<StoredEvent> byIds(List<UUID> ids) throws X;

        /** The stored event of {@code stream} at {@code version}, if any. */
        Optional<StoredEvent> at(String stream, long version) throws X;
    }

    private AppendDecision() {
    }

    /**
     * Decides an append against the stream's current version.
     *
     * @param currentVersion the stream's version, -1 when it does not exist
     * @return the original outcome when the append is a retry; empty when the backend must write it
     *     (at versions {@code currentVersion + 1 …})
     * @throws EventStoreConflictException when no id is stored and the expected version does not match
     * @throws DuplicateEventIdException when an id is stored and this is no exact retry
     */
    public static <X extends Exception> Optional<AppendResult> decide(AppendRequest request, long currentVersion, Lookup<X> lookup)
            throws X {
        return decide(request, currentVersion, 0, lookup);
    }

    /**
     * Decides an append against the stream's {@link StreamState}, for a backend that deletes or
     * truncates streams: a stream deleted for good is refused, the expected version is checked
     * against what reads see ({@link StreamState#visibleVersion()}), and an append that the backend
     * must write goes at versions {@link StreamState#nextVersion()} … (so versions continue after a
     * soft delete; {@code NO_STREAM} there means "starting at the first version after the delete").
     *
     * @throws StreamDeletedException when the stream was deleted for good
     */
    public static <X extends Exception> Optional<AppendResult> decide(AppendRequest request, StreamState state, Lookup<X> lookup)
            throws X {
        refuseDeleted(request, state);
        return decide(request, state.visibleVersion(), state.firstVersion(), lookup);
    }

    /** {@link #decideLazily(AppendRequest, long, Lookup)} against the stream's {@link StreamState}; see {@link #decide(AppendRequest, StreamState, Lookup)}. */
    public static <X extends Exception> Optional<AppendResult> decideLazily(AppendRequest request, StreamState state,
            Lookup<X> lookup) throws X {
        refuseDeleted(request, state);
        if (request.checksVersion() && request.expectedVersion() != state.visibleVersion()) {
            return decide(request, state.visibleVersion(), state.firstVersion(), lookup);
        }
        if (request.events().isEmpty()) {
            return Optional.of(new AppendResult(state.visibleVersion(), List.of(), false));
        }
        return Optional.empty();
    }

    private static void refuseDeleted(AppendRequest request, StreamState state) {
        if (state.hardDeleted()) {
            throw new StreamDeletedException(request.stream(), "append to");
        }
    }

    /** @param lifeStart the version a new stream starts at: 0, or the first after a soft-deleted (or truncated) past */
    private static <X extends Exception> Optional<AppendResult> decide(AppendRequest request, long currentVersion, long lifeStart,
            Lookup<X> lookup) throws X {
        if (!request.events().isEmpty()) {
            List<StoredEvent> stored = lookup.byIds(ids(request));
            if (!stored.isEmpty()) {
                return Optional.of(retried(request, stored, lifeStart, lookup));
            }
        }
        if (request.checksVersion() && request.expectedVersion() != currentVersion) {
            throw new EventStoreConflictException(request.stream(), request.expectedVersion(), currentVersion);
        }
        if (request.events().isEmpty()) {
            return Optional.of(new AppendResult(currentVersion, List.of(), false));
        }
        return Optional.empty();
    }

    /**
     * Decides an append without looking its ids up when the version matches: for a backend whose
     * unique constraint on event ids catches a stored id at insert (then it calls {@link #afterTakenId}).
     */
    public static <X extends Exception> Optional<AppendResult> decideLazily(AppendRequest request, long currentVersion,
            Lookup<X> lookup) throws X {
        if (request.checksVersion() && request.expectedVersion() != currentVersion) {
            return decide(request, currentVersion, lookup);
        }
        if (request.events().isEmpty()) {
            return Optional.of(new AppendResult(currentVersion, List.of(), false));
        }
        return Optional.empty();
    }

    /**
     * Decides an append whose insert broke the unique constraint on event ids, after its partial
     * insert was undone: it is a retry, or a {@link DuplicateEventIdException}.
     */
    public static <X extends Exception> AppendResult afterTakenId(AppendRequest request, Lookup<X> lookup) throws X {
        List<StoredEvent> stored = lookup.byIds(ids(request));
        if (stored.isEmpty()) {
            throw new IllegalStateException("An event id of stream " + request.stream() + " was reported taken but is not stored");
        }
        return retried(request, stored, 0, lookup);
    }

    /**
     * {@link #afterTakenId(AppendRequest, Lookup)} against the stream's {@link StreamState}, for a backend that
     * deletes or truncates streams: a retry of a {@code NO_STREAM} append that started a stream again after a
     * soft delete (or, in a copy, after a recorded truncation) is recognized at the version the stream started
     * again at ({@link StreamState#firstVersion()}), not only at version 0.
     */
    public static <X extends Exception> AppendResult afterTakenId(AppendRequest request, StreamState state, Lookup<X> lookup)
            throws X {
        List<StoredEvent> stored = lookup.byIds(ids(request));
        if (stored.isEmpty()) {
            throw new IllegalStateException("An event id of stream " + request.stream() + " was reported taken but is not stored");
        }
        return retried(request, stored, state.firstVersion(), lookup);
    }

    private static List<UUID> ids(AppendRequest request) {
        List<UUID> ids = new ArrayList<>(request.events().size());
        for (NewEvent event : request.events()) {
            ids.add(event.eventId());
        }
        return ids;
    }

    /** The original outcome of the append, or why it is none. */
    private static <X extends Exception> AppendResult retried(AppendRequest request, List<StoredEvent> stored, long lifeStart,
            Lookup<X> lookup) throws X {
        Map<UUID, StoredEvent> byId = new HashMap<>();
        for (StoredEvent event : stored) {
            if (!event.stream().equals(request.stream())) {
                throw duplicate(event.eventId(), request, "it already belongs to an event of stream " + event.stream());
            }
            byId.put(event.eventId(), event);
        }
        List<NewEvent> events = request.events();
        StoredEvent first = null;
        StoredEvent previous = null;
        Long[] positions = new Long[events.size()];
        for (int i = 0; i < events.size(); i++) {
            NewEvent event = events.get(i);
            StoredEvent match = byId.get(event.eventId());
            if (match == null) {
                UUID storedId = stored.get(0).eventId();
                throw duplicate(storedId, request, "only part of this append was stored before (event " + event.eventId()
                        + " was not); a retry must resend exactly the same events");
            }
            if (!sameContent(event, match)) {
                throw duplicate(event.eventId(), request,
                        "it already belongs to a different event (type, schema version, metadata or payload differ)");
            }
            if (previous != null && match.version() != previous.version() + 1) {
                throw duplicate(event.eventId(), request, "the stored events with these ids are not one append in this order");
            }
            if (first == null) {
                first = match;
            }
            previous = match;
            positions[i] = match.position();
        }
        if (first == null || previous == null) {
            throw new IllegalStateException("a retry holds at least one event");
        }
        long firstSlot = request.expectedVersion() == AppendRequest.NO_STREAM ? lifeStart : request.expectedVersion() + 1;
        if (request.checksVersion() && first.version() != firstSlot) {
            throw duplicate(first.eventId(), request, "it was stored at version " + first.version()
                    + ", not after expected version " + request.expectedVersion());
        }
        if (sameAppend(lookup.at(request.stream(), first.version() - 1), first)
                || sameAppend(lookup.at(request.stream(), previous.version() + 1), previous)) {
            throw duplicate(first.eventId(), request, "these events are only a part of an earlier, larger append; "
                    + "a retry must resend exactly the same events");
        }
        return new AppendResult(previous.version(), List.of(positions), true);
    }

    /**
     * Whether {@code neighbour}, the event just before or after {@code event} in its stream, was
     * written by the same append: one append's events share their recorded-at time and sit at
     * adjacent positions, and no two appends of a process share a recorded-at time.
     */
    private static boolean sameAppend(Optional<StoredEvent> neighbour, StoredEvent event) {
        return neighbour.isPresent()
                && neighbour.get().recordedAt().equals(event.recordedAt())
                && Math.abs(neighbour.get().position() - event.position()) == 1;
    }

    /**
     * Whether a stored event is this one as the caller gave it: same id, type, schema version, user metadata
     * (whatever the system metadata, {@link SystemMetadata#sameUserMetadata}) and payload.
     */
    public static boolean sameContent(NewEvent event, StoredEvent stored) {
        return event.eventId().equals(stored.eventId())
                && event.type().equals(stored.type())
                && event.schemaVersion() == stored.schemaVersion()
                && SystemMetadata.sameUserMetadata(event.metadata(), stored.metadata())
                && Arrays.equals(event.payload(), stored.payload());
    }

    private static DuplicateEventIdException duplicate(UUID id, AppendRequest request, String reason) {
        return new DuplicateEventIdException(id, request.stream(), reason);
    }
}
