package dev.annals.sqlite;

import dev.annals.AppendOutcomeUnknownException;
import dev.annals.AppendResult;
import dev.annals.EventStoreConflictException;
import dev.annals.MultiStreamConflictException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.support.AppendDecision;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A multi-stream append: one operation, so one savepoint, all or nothing. Every request is decided
 * by {@link AppendDecision} (ids looked up always) before anything is written; version mismatches
 * are collected into one {@link MultiStreamConflictException}, a reused id fails the whole append
 * with its {@code DuplicateEventIdException}, and the appends that are retries return their original
 * outcome while the others are written. Immutable.
 */
final class AppendAllOperation implements WriteOperation<List<AppendResult>> {

    private final List<AppendRequest> requests;

    /** {@code requests} name distinct streams with distinct event ids, as the SPI guarantees. */
    AppendAllOperation(List<AppendRequest> requests) {
        this.requests = List.copyOf(requests);
    }

    @Override
    public List<AppendResult> apply(WriteSession session) throws SQLException {
        SqliteConnection connection = session.connection();
        EventLookup lookup = new EventLookup(connection);
        List<EventWrites.StreamHead> heads = new ArrayList<>(requests.size());
        List<Optional<AppendResult>> decided = new ArrayList<>(requests.size());
        List<EventStoreConflictException> conflicts = new ArrayList<>();
        for (AppendRequest request : requests) {
            EventWrites.StreamHead head = EventWrites.head(connection, request.stream());
            heads.add(head);
            try {
                decided.add(AppendDecision.decide(request, head.state(), lookup));
            } catch (EventStoreConflictException conflict) {
                conflicts.add(conflict);
            }
        }
        if (!conflicts.isEmpty()) {
            throw new MultiStreamConflictException(conflicts);
        }
        List<AppendResult> results = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            Optional<AppendResult> retried = decided.get(i);
            results.add(retried.isPresent() ? retried.get() : EventWrites.insert(session, requests.get(i), heads.get(i)));
        }
        return results;
    }

    @Override
    public RuntimeException commitFailed(String store, SQLException cause) {
        String streams = requests.get(0).stream() + (requests.size() == 1 ? "" : " and " + (requests.size() - 1) + " other streams");
        return new AppendOutcomeUnknownException(streams, cause);
    }
}
