package dev.annals.postgres;

import dev.annals.AppendResult;
import dev.annals.EventStoreConflictException;
import dev.annals.StorageException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import dev.annals.spi.support.AppendDecision;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes appends inside the caller's transaction, any number of them with one call of the schema's
 * {@code append_batch} function (see {@link PostgresSchema}), and decides each through {@link AppendDecision}.
 *
 * <p><b>Global order.</b> Every appending transaction first takes one transaction-scoped advisory lock per
 * schema ({@link LockKeys#APPEND}) and holds it until it commits. Only then does it take positions, the
 * next ones of the sequence {@code positions}, consecutive for the events of one append. Hence positions
 * are strictly increasing in commit order: a reader that sees position p has already seen every event
 * with a lower position that will ever be visible, so {@code readAll} never skips an event that commits
 * later. (PostgreSQL makes a transaction visible before it releases its locks, so the next appender's
 * snapshot includes it.) A position is never given twice, not after the newest events are removed, not
 * after a restart; a rolled-back append leaves a hole. Appends to one schema commit one transaction at a
 * time; group commit ({@link AppendBatch}) puts concurrent appends into one transaction so that this costs little.
 *
 * <p><b>Checks.</b> Because of the lock the function's answer is exact: it inserts only when the expected
 * version matches (and, when asked to probe, no event id is stored), and otherwise inserts nothing and reports
 * the stream's version and whether ids are taken, without raising an error, so that other appends in the same
 * transaction are unaffected. What such an append comes to (a conflict, a retry, a duplicate id) is
 * {@link AppendDecision}'s, with the stored events read by {@link EventLookup}. Group commit does not ask for
 * the probe: there the {@code UNIQUE (event_id)} constraint refuses a taken id, the batch is rolled back and
 * its appends run alone, and {@link #afterUniqueViolation} decides the one that violated it. The {@code UNIQUE
 * (stream, version)} constraint remains the last line of defence (e.g. against a writer that does not take the
 * lock).
 *
 * <p>Stateless apart from its SQL; thread-safe.
 */
final class PostgresAppender {

    /** What the function reported for one append: the stream's version before it, whether ids are taken, what it wrote. */
    record Report(long currentVersion, boolean duplicateIds, long firstPosition, int inserted) {
    }

    private final String quotedSchema;
    private final String callSql;

    PostgresAppender(String quotedSchema) {
        this.quotedSchema = quotedSchema;
        this.callSql = "SELECT current_versions, duplicate_ids, first_positions, inserted FROM " + quotedSchema
                + ".append_batch(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    /**
     * Appends in {@code c}'s current transaction and decides the append.
     *
     * @throws EventStoreConflictException when the expected version does not match; nothing was written
     * @throws dev.annals.DuplicateEventIdException when an id is stored but this is no exact retry; nothing was written
     * @throws SQLException when a statement fails; the transaction must then be rolled back
     */
    AppendResult append(Connection c, AppendRequest request) throws SQLException {
        return decide(c, request, call(c, List.of(request), true).get(0));
    }

    /**
     * Runs {@code requests} with one call of the {@code append_batch} function: each checked in turn (an append to a
     * stream named earlier continuing from that one), then one insert for all the events written. In auto-commit
     * mode that is one implicit transaction, one WAL flush.
     *
     * @param probeIds whether the function looks for taken event ids before it writes, and reports them; without
     *     the probe a taken id is the unique index's violation, which fails the statement (and the transaction)
     * @throws SQLException when the statement fails; then none of the appends was stored (in auto-commit
     *     mode), or the caller's transaction must be rolled back
     */
    List<Report> call(Connection c, List<AppendRequest> requests, boolean probeIds) throws SQLException {
        int k = requests.size();
        String[] streams = new String[k];
        Long[] expected = new Long[k];
        List<Integer> appendOfEvent = new ArrayList<>();
        List<Integer> ordinalOfEvent = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            AppendRequest request = requests.get(i);
            streams[i] = request.stream();
            expected[i] = request.expectedVersion();
            for (int ordinal = 1; ordinal <= request.events().size(); ordinal++) {
                appendOfEvent.add(i + 1);
                ordinalOfEvent.add(ordinal);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(callSql)) {
            ps.setArray(1, c.createArrayOf("text", streams));
            ps.setArray(2, c.createArrayOf("int8", expected));
            ps.setArray(3, c.createArrayOf("int4", appendOfEvent.toArray(Integer[]::new)));
            ps.setArray(4, c.createArrayOf("int4", ordinalOfEvent.toArray(Integer[]::new)));
            bindEvents(c, ps, 4, requests);
            ps.setBoolean(12, probeIds);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("The append_batch function returned no row");
                }
                Long[] versions = (Long[]) rs.getArray(1).getArray();
                Boolean[] duplicateIds = (Boolean[]) rs.getArray(2).getArray();
                Long[] firstPositions = (Long[]) rs.getArray(3).getArray();
                Integer[] inserted = (Integer[]) rs.getArray(4).getArray();
                List<Report> reports = new ArrayList<>(k);
                for (int i = 0; i < k; i++) {
                    reports.add(new Report(versions[i], duplicateIds[i], firstPositions[i], inserted[i]));
                }
                return reports;
            }
        }
    }

    /**
     * What the append came to, through {@link AppendDecision}: a write when the function wrote, else a
     * conflict, a retry or a duplicate id, decided from the stored events read on {@code c}. In a batch
     * these reads follow the batch's commit; that changes no outcome, because stored events do not
     * change and the function wrote nothing for an append that needs them.
     *
     * @throws EventStoreConflictException when the expected version does not match; nothing was written
     * @throws dev.annals.DuplicateEventIdException when an id is stored but this is no exact retry; nothing was written
     */
    AppendResult decide(Connection c, AppendRequest request, Report report) throws SQLException {
        int n = request.events().size();
        if (n == 0 || report.inserted() != n) {
            // Not written (an empty append, a conflict, a stored id, a stream deleted for good): decided
            // against the stream's state and stored events as they are now.
            EventLookup lookup = new EventLookup(c, quotedSchema);
            Optional<AppendResult> decided = AppendDecision.decide(request, PostgresRemovals.state(c, quotedSchema, request.stream()),
                    lookup);
            if (decided.isPresent()) {
                return decided.get();
            }
            // What stopped the function (a taken id, a version, a delete) changed before it could be read.
            throw new StorageException("The append to stream " + request.stream() + " was not stored: the stream or its event ids "
                    + "changed while it was decided; retry it");
        }
        List<Long> positions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            positions.add(report.firstPosition() + i);
        }
        return new AppendResult(report.currentVersion() + n, positions, false);
    }

    /**
     * Maps a unique violation of an append that ran in its own, now rolled back, transaction: a taken id
     * and a taken version are decided by {@link AppendDecision} as they stand now.
     *
     * @throws SQLException {@code e} itself when it is no such violation (e.g. of {@code events_pkey})
     */
    AppendResult afterUniqueViolation(Connection c, AppendRequest request, SQLException e) throws SQLException {
        String constraint = PostgresErrors.constraint(e);
        EventLookup lookup = new EventLookup(c, quotedSchema);
        if (constraint.equals("events_event_id_key")) {
            return AppendDecision.afterTakenId(request, PostgresRemovals.state(c, quotedSchema, request.stream()), lookup);
        }
        if (!constraint.equals("events_stream_version_key")) {
            throw e;
        }
        long actual = currentVersion(c, request.stream());
        // A writer that bypassed the lock took the version: a conflict even where the version now matches.
        return AppendDecision.decide(request, actual, lookup)
                .orElseThrow(() -> new EventStoreConflictException(request.stream(), request.expectedVersion(), actual));
    }

    private long currentVersion(Connection c, String stream) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT max(version) FROM " + quotedSchema + ".events WHERE stream = ?")) {
            ps.setString(1, stream);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long version = rs.getLong(1);
                return rs.wasNull() ? -1 : version;
            }
        }
    }

    /** The seven event columns, as arrays, of the events of {@code requests} in order, from parameter {@code offset + 1} on. */
    private static void bindEvents(Connection c, PreparedStatement ps, int offset, List<AppendRequest> requests) throws SQLException {
        int n = requests.stream().mapToInt(r -> r.events().size()).sum();
        UUID[] ids = new UUID[n];
        String[] types = new String[n];
        Integer[] schemaVersions = new Integer[n];
        byte[][] metadata = new byte[n][];
        byte[][] payloads = new byte[n][];
        Long[] recordedMicros = new Long[n];
        Short[] recordedNanos = new Short[n];
        int i = 0;
        for (AppendRequest request : requests) {
            for (NewEvent e : request.events()) {
                Instant recordedAt = request.recordedAtOf(e);
                recordedMicros[i] = Instants.epochMicros(recordedAt);
                recordedNanos[i] = Instants.subMicroNanos(recordedAt);
                ids[i] = e.eventId();
                types[i] = e.type();
                schemaVersions[i] = e.schemaVersion();
                metadata[i] = e.metadata();
                payloads[i] = e.payload();
                i++;
            }
        }
        ps.setArray(offset + 1, c.createArrayOf("uuid", ids));
        ps.setArray(offset + 2, c.createArrayOf("text", types));
        ps.setArray(offset + 3, c.createArrayOf("int4", schemaVersions));
        ps.setArray(offset + 4, c.createArrayOf("bytea", metadata));
        ps.setArray(offset + 5, c.createArrayOf("bytea", payloads));
        ps.setArray(offset + 6, c.createArrayOf("int8", recordedMicros));
        ps.setArray(offset + 7, c.createArrayOf("int2", recordedNanos));
    }
}
