package dev.annals.spi;

import dev.annals.DuplicateEventIdException;
import dev.annals.AppendResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The one rule every backend applies when an append carries event ids that are already stored.
 *
 * <p>A retry of an append that was already written (same ids, same stream, same types, metadata
 * and payloads, at consecutive versions matching the expected version) succeeds with the original
 * outcome and writes nothing. Any other reuse of an id is a {@link DuplicateEventIdException}.
 */
public final class AppendIdempotency {

    private AppendIdempotency() {
    }

    /**
     * Decides an append given the stored events that share an id with it.
     *
     * @param alreadyStored the stored events whose ids appear in {@code request}, in any order
     * @return the original outcome when the append is a retry; empty when no id is stored yet
     * @throws DuplicateEventIdException when the ids are reused for anything but an exact retry
     */
    public static Optional<AppendResult> check(AppendRequest request, List<StoredEvent> alreadyStored) {
        if (alreadyStored.isEmpty()) {
            return Optional.empty();
        }
        Map<UUID, StoredEvent> byId = new HashMap<>();
        for (StoredEvent stored : alreadyStored) {
            byId.put(stored.eventId(), stored);
        }
        List<NewEvent> events = request.events();
        long firstVersion = -1;
        Long[] positions = new Long[events.size()];
        for (int i = 0; i < events.size(); i++) {
            NewEvent event = events.get(i);
            StoredEvent stored = byId.get(event.eventId());
            if (stored == null) {
                throw new DuplicateEventIdException(alreadyStored.get(0).eventId(), request.stream(),
                        "only part of this append was stored before; a retry must resend exactly the same events");
            }
            if (!stored.stream().equals(request.stream())) {
                throw new DuplicateEventIdException(event.eventId(), request.stream(),
                        "it already belongs to an event of stream " + stored.stream());
            }
            if (!event.sameContentAs(stored)) {
                throw new DuplicateEventIdException(event.eventId(), request.stream(),
                        "it already belongs to a different event (type, schema version, metadata or payload differ)");
            }
            if (i == 0) {
                firstVersion = stored.version();
            } else if (stored.version() != firstVersion + i) {
                throw new DuplicateEventIdException(event.eventId(), request.stream(),
                        "the stored events with these ids are not one append in this order");
            }
            positions[i] = stored.position();
        }
        if (request.checksVersion() && firstVersion != request.expectedVersion() + 1) {
            throw new DuplicateEventIdException(events.get(0).eventId(), request.stream(),
                    "it was stored at version " + firstVersion + ", not after expected version " + request.expectedVersion());
        }
        return Optional.of(new AppendResult(firstVersion + events.size() - 1, List.of(positions), true));
    }
}
