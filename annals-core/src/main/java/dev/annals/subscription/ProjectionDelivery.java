package dev.annals.subscription;

import dev.annals.RecordedEvent;
import dev.annals.spi.TransactionalCheckpoints;
import java.util.List;

/** Exactly once: the projection's writes and the checkpoint commit in one transaction. */
final class ProjectionDelivery implements Delivery {

    private final String name;
    private final int partition;
    private final Projection projection;
    private final TransactionalCheckpoints transactions;

    ProjectionDelivery(String name, int partition, Projection projection, TransactionalCheckpoints transactions) {
        this.name = name;
        this.partition = partition;
        this.projection = projection;
        this.transactions = transactions;
    }

    @Override
    public void deliver(List<RecordedEvent<Object>> batch, SubscriptionContext context, long token, long position) throws Exception {
        transactions.inTransaction(name, partition, token, position, connection -> projection.apply(batch, connection));
    }

    @Override
    public void deliverAside(List<RecordedEvent<Object>> batch, SubscriptionContext context, long token, long checkpoint)
            throws Exception {
        transactions.inTransaction(name, partition, token, checkpoint, connection -> projection.apply(batch, connection));
    }

    @Override
    public void reset(long position, long token) throws Exception {
        transactions.inTransaction(name, partition, token, position, connection -> projection.reset(position, connection));
    }

    @Override
    public boolean savesCheckpoint() {
        return true;
    }
}
