package dev.annals.subscription;

import dev.annals.RecordedEvent;
import java.sql.Connection;
import java.util.List;

/**
 * A read model kept in the same SQL database as the events, updated exactly once: each batch is
 * applied in the transaction that also stores the subscription's checkpoint, so after any crash the
 * read model and the checkpoint agree. Runs on backends that can (SQLite and PostgreSQL).
 *
 * <p>Called from one thread per partition, never concurrently for one partition.
 */
public interface Projection {

    /**
     * Applies a batch through {@code connection}, inside the checkpoint's transaction. It must not
     * commit, roll back or close the connection. Throwing rolls the batch back and retries it event by
     * event by the subscription's {@link RetryPolicy}.
     */
    void apply(List<RecordedEvent<Object>> batch, Connection connection) throws Exception;

    /** Clears the read model when the subscription is reset to {@code position} (0: rebuilt from the beginning), in the checkpoint's transaction. */
    void reset(long position, Connection connection) throws Exception;
}
