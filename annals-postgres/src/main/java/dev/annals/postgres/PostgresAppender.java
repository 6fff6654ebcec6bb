package dev.annals.postgres;

import dev.annals.AnnalsException;
import dev.annals.AppendResult;
import dev.annals.EventStoreConflictException;
import dev.annals.spi.AppendIdempotency;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Writes one append inside the caller's transaction, with one call of the schema's {@code append}
 * function (see {@link PostgresSchema}): one round trip.
 *
 * <p><b>Global order.</b> Every appending transaction first takes one transaction-scoped advisory lock per
 * schema ({@link LockKeys#APPEND}) and holds it until it commits. The function's statements run after the
 * lock is granted, each with a fresh snapshot that sees every earlier append, and it numbers its events
 * {@code max(position) + 1 …}. Hence positions are dense, strictly increasing in commit order, and the
 * committed events always form a gap-free prefix of the log: a reader that sees position p has already
 * seen every position below p, so {@code readAll} never skips an event that commits later. (PostgreSQL
 * makes a transaction visible before it releases its locks, so the next appender's snapshot includes it.)
 * The price is that appends to one schema commit one transaction at a time; {@link GroupCommitter} puts
 * concurrent appends into one transaction so that this costs little.
 *
 * <p><b>Checks.</b> Because of the lock the function's checks are exact: it inserts only when no event id
 * is already stored and the expected version matches, and otherwise inserts nothing and reports why,
 * without raising an error, so that other appends in the same transaction are unaffected. The
 * {@code UNIQUE (stream, version)} and {@code UNIQUE (event_id)} constraints remain as the last line of
 * defence (e.g. against a writer that does not take the lock); their violations are mapped by
 * {@link #afterUniqueViolation}.
 *
 * <p>Stateless apart from its SQL; thread-safe.
 */
final class PostgresAppender {

    /** What one append came to: a result, or the reason it wrote nothing. Exactly one is non-null. */
    record Outcome(@Nullable AppendResult result, @Nullable AnnalsException failure) {
    }

    private static final int PARAMS = 9;

    private final String callSql;
    private final String byIdsSql;
    private final String versionSql;
    // The statement for k appends is k calls; built once per k.
    private final Map<Integer, String> batchSql = new ConcurrentHashMap<>();

    PostgresAppender(String schema) {
        callSql = "SELECT current_version, duplicate_ids, first_position, inserted FROM " + schema
                + ".append(?, ?, ?, ?, ?, ?, ?, ?, ?)";
        byIdsSql = "SELECT " + EventRows.COLUMNS + " FROM " + schema + ".events WHERE event_id = ANY (?)";
        versionSql = "SELECT max(version) FROM " + schema + ".events WHERE stream = ?";
    }

    /**
     * Appends in {@code c}'s current transaction.
     *
     * @throws EventStoreConflictException when the expected version does not match; nothing was written
     * @throws dev.annals.DuplicateEventIdException when an id is stored but this is no exact retry; nothing was written
     * @throws SQLException when the statement fails; the transaction must then be rolled back
     */
    AppendResult append(Connection c, AppendRequest request) throws SQLException {
        Outcome outcome = appendAll(c, List.of(request)).get(0);
        if (outcome.failure() != null) {
            throw outcome.failure();
        }
        return outcome.result();
    }

    /**
     * Appends {@code requests} with one statement per append, all sent in one round trip. In auto-commit
     * mode they form one implicit transaction that commits before the answers arrive: one WAL flush for
     * all. Each append keeps its own outcome, because the function reports conflicts and taken ids
     * without raising an error.
     *
     * @throws SQLException when a statement fails; then none of the appends was stored (in auto-commit
     *     mode), or the caller's transaction must be rolled back
     */
    List<Outcome> appendAll(Connection c, List<AppendRequest> requests) throws SQLException {
        int k = requests.size();
        long[][] rows = new long[k][];
        String sql = batchSql.computeIfAbsent(k, n -> String.join(";\n", java.util.Collections.nCopies(n, callSql)));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < k; i++) {
                bind(c, ps, i * PARAMS, requests.get(i));
            }
            boolean isResultSet = ps.execute();
            for (int i = 0; i < k; i++) {
                if (!isResultSet) {
                    throw new SQLException("The append function returned no row");
                }
                try (ResultSet rs = ps.getResultSet()) {
                    rs.next();
                    rows[i] = new long[] {rs.getLong(1), rs.getBoolean(2) ? 1 : 0, rs.getLong(3), rs.getInt(4)};
                }
                isResultSet = ps.getMoreResults();
            }
        }
        List<Outcome> outcomes = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            try {
                outcomes.add(new Outcome(decide(c, requests.get(i), rows[i]), null));
            } catch (AnnalsException e) {
                outcomes.add(new Outcome(null, e));
            }
        }
        return outcomes;
    }

    /** Turns the function's answer (current version, ids taken, first position, rows inserted) into the outcome. */
    private AppendResult decide(Connection c, AppendRequest request, long[] row) throws SQLException {
        long currentVersion = row[0];
        boolean duplicateIds = row[1] == 1;
        long firstPosition = row[2];
        int inserted = (int) row[3];
        if (duplicateIds) {
            return retried(c, request);
        }
        if (request.checksVersion() && request.expectedVersion() != currentVersion) {
            throw new EventStoreConflictException(request.stream(), request.expectedVersion(), currentVersion);
        }
        List<Long> positions = new ArrayList<>(inserted);
        for (int i = 0; i < inserted; i++) {
            positions.add(firstPosition + i);
        }
        return new AppendResult(currentVersion + inserted, positions, false);
    }

    /**
     * Maps a unique violation of an append that ran in its own, now rolled back, transaction: a taken
     * version is a conflict with the actual version, a taken id goes through {@link AppendIdempotency}.
     */
    AppendResult afterUniqueViolation(Connection c, AppendRequest request, SQLException e) throws SQLException {
        String constraint = PostgresErrors.constraint(e);
        if (constraint.equals("events_event_id_key")) {
            return retried(c, request);
        }
        if (!constraint.equals("events_stream_version_key")) {
            throw e; // e.g. events_pkey: not a version conflict, so not reported as one
        }
        long actual;
        try (PreparedStatement ps = c.prepareStatement(versionSql)) {
            ps.setString(1, request.stream());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                actual = rs.getObject(1) == null ? -1 : rs.getLong(1);
            }
        }
        throw new EventStoreConflictException(request.stream(), request.expectedVersion(), actual);
    }

    private AppendResult retried(Connection c, AppendRequest request) throws SQLException {
        List<StoredEvent> stored;
        try (PreparedStatement ps = c.prepareStatement(byIdsSql)) {
            ps.setArray(1, c.createArrayOf("uuid", request.events().stream().map(NewEvent::eventId).toArray(UUID[]::new)));
            stored = EventRows.readAll(ps);
        }
        Optional<AppendResult> retry = AppendIdempotency.check(request, stored);
        // The ids were seen a moment ago and events are never deleted, so this cannot be empty.
        return retry.orElseThrow(() -> new SQLException("Stored event ids of stream " + request.stream() + " vanished"));
    }

    private static void bind(Connection c, PreparedStatement ps, int offset, AppendRequest request) throws SQLException {
        List<NewEvent> events = request.events();
        int n = events.size();
        UUID[] ids = new UUID[n];
        String[] types = new String[n];
        Integer[] schemaVersions = new Integer[n];
        byte[][] metadata = new byte[n][];
        byte[][] payloads = new byte[n][];
        for (int i = 0; i < n; i++) {
            NewEvent e = events.get(i);
            ids[i] = e.eventId();
            types[i] = e.type();
            schemaVersions[i] = e.schemaVersion();
            metadata[i] = e.metadata();
            payloads[i] = e.payload();
        }
        ps.setString(offset + 1, request.stream());
        ps.setLong(offset + 2, request.expectedVersion());
        ps.setArray(offset + 3, c.createArrayOf("uuid", ids));
        ps.setArray(offset + 4, c.createArrayOf("text", types));
        ps.setArray(offset + 5, c.createArrayOf("int4", schemaVersions));
        ps.setArray(offset + 6, c.createArrayOf("bytea", metadata));
        ps.setArray(offset + 7, c.createArrayOf("bytea", payloads));
        ps.setObject(offset + 8, Instants.micros(request.recordedAt()));
        ps.setShort(offset + 9, Instants.subMicroNanos(request.recordedAt()));
    }
}
