package dev.annals.spi;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The role of a SQL backend that lets a projection write its read model in the same transaction as
 * its checkpoint: exactly-once, whatever crashes, for a read model kept in the same database.
 *
 * <p>Implementations are thread-safe.
 */
public interface TransactionalCheckpoints {

    /** Work done in the checkpoint's transaction. It must not commit, roll back or close the connection. */
    @FunctionalInterface
    interface Work {
        void run(Connection connection) throws Exception;
    }

    /** A read of a read model. It must not keep the connection. */
    @FunctionalInterface
    interface Query<T> {
        T run(Connection connection) throws Exception;
    }

    /**
     * Runs {@code query} on a connection of the store (a read model kept in the same database is
     * read there), and returns its result.
     */
    <T> T query(Query<T> query) throws Exception;

    /**
     * Opens a transaction, runs {@code work} in it, stores the checkpoint of ({@code subscription},
     * {@code partition}) at {@code position} if {@code token} is still the current fencing token, and
     * commits; when the work throws or the token is stale, everything is rolled back.
     *
     * @throws dev.annals.subscription.LeaseLostException when the token is stale; nothing was written
     * @throws Exception what the work threw; nothing was written
     */
    void inTransaction(String subscription, int partition, long token, long position, Work work) throws Exception;
}
