package dev.annals.postgres;

import dev.annals.AnnalsException;
import dev.annals.AppendOutcomeUnknownException;
import dev.annals.AppendResult;
import dev.annals.EventStoreConflictException;
import dev.annals.InvalidArgumentException;
import dev.annals.Limits;
import dev.annals.MultiStreamConflictException;
import dev.annals.StorageException;
import dev.annals.spi.AppendRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Appends to several streams in one explicit transaction, all or nothing: the appends run as one call of the
 * {@code append_batch} function, asked to probe for taken ids, each is decided as a lone append would be
 * ({@link PostgresAppender#decide}, so through {@code AppendDecision}), and the transaction commits only
 * when none conflicts and none reuses a stored id. Otherwise it is rolled back and a
 * {@link MultiStreamConflictException} lists every stream whose version did not match, or the
 * {@link dev.annals.DuplicateEventIdException} is thrown as is. It does not go through group commit:
 * its own transaction holds the append lock from the first call to its commit.
 *
 * <p>Thread-safe; each call uses a connection of its own.
 */
final class MultiStreamAppender {

    private final DataSource dataSource;
    private final PostgresAppender appender;
    private final String display;
    private final Runnable onConnectionFailure;

    /** @param onConnectionFailure called when a connection turns out dead, e.g. to evict its idle siblings */
    MultiStreamAppender(DataSource dataSource, PostgresAppender appender, String display, Runnable onConnectionFailure) {
        this.dataSource = dataSource;
        this.appender = appender;
        this.display = display;
        this.onConnectionFailure = onConnectionFailure;
    }

    /** Appends {@code requests} (distinct streams, distinct event ids) all or nothing; the results in their order. */
    List<AppendResult> appendAll(List<AppendRequest> requests) {
        Jdbc.Borrowed borrowed;
        try {
            borrowed = Jdbc.prepared(dataSource.getConnection());
        } catch (SQLException e) {
            throw failure(requests, e);
        }
        Connection c = borrowed.connection();
        try {
            c.setAutoCommit(false);
            List<AppendResult> results = decideAll(c, requests);
            commit(c, requests);
            return results;
        } catch (SQLException e) {
            rollbackQuietly(c, e);
            throw failure(requests, e);
        } catch (AnnalsException e) {
            rollbackQuietly(c, e);
            throw e;
        } catch (RuntimeException e) {
            rollbackQuietly(c, e);
            throw new StorageException("The multi-stream append to " + streams(requests) + " in the PostgreSQL store "
                    + display + " failed and nothing of it was stored: " + e, e);
        } finally {
            borrowed.close();
        }
    }

    private List<AppendResult> decideAll(Connection c, List<AppendRequest> requests) throws SQLException {
        List<PostgresAppender.Report> reports = appender.call(c, requests, true);
        List<AppendResult> results = new ArrayList<>(requests.size());
        List<EventStoreConflictException> conflicts = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            try {
                results.add(appender.decide(c, requests.get(i), reports.get(i)));
            } catch (EventStoreConflictException conflict) {
                conflicts.add(conflict);
            }
        }
        if (!conflicts.isEmpty()) {
            throw new MultiStreamConflictException(conflicts);
        }
        return results;
    }

    private void commit(Connection c, List<AppendRequest> requests) {
        try {
            c.commit();
        } catch (SQLException e) {
            if (PostgresErrors.isConnectionFailure(e)) {
                onConnectionFailure.run();
                throw new AppendOutcomeUnknownException(streams(requests), e);
            }
            throw failure(requests, e);
        }
    }

    /** A failure before the commit, or a commit the server refused: nothing was stored. */
    private AnnalsException failure(List<AppendRequest> requests, SQLException e) {
        if (PostgresErrors.isConnectionFailure(e)) {
            onConnectionFailure.run();
        }
        if (PostgresErrors.isRejectedValue(e)) {
            return new InvalidArgumentException("PostgreSQL rejected the multi-stream append to " + streams(requests)
                    + "; nothing of it was stored: " + PostgresErrors.message(e) + " (SQLState " + e.getSQLState() + ")");
        }
        String deadline = PostgresErrors.isTimeout(e) ? " (the server cancelled a statement at its deadline, the store's "
                + "operationTimeout; it may be retried)" : "";
        return new StorageException("The multi-stream append to " + streams(requests) + " in the PostgreSQL store " + display
                + " failed and nothing of it was stored" + deadline + ": " + PostgresErrors.message(e) + " (SQLState " + e.getSQLState() + ")", e);
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // A dead connection has rolled back already; the server ends the transaction with the session.
            cause.addSuppressed(e);
        }
    }

    /** The streams of a multi-stream append, for messages: the first one and how many more. */
    private static String streams(List<AppendRequest> requests) {
        String first = Limits.shown(requests.get(0).stream());
        return requests.size() == 1 ? first : first + " and " + (requests.size() - 1) + " more streams";
    }
}
