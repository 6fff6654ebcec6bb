package dev.annals.subscription;

import dev.annals.RecordedEvent;
import dev.annals.spi.SubscriptionStorage;
import java.util.List;

/** At least once: the handler runs, then the runner stores the checkpoint by its policy. */
final class HandlerDelivery implements Delivery {

    private final String name;
    private final int partition;
    private final SubscriptionHandler handler;
    private final SubscriptionStorage storage;

    HandlerDelivery(String name, int partition, SubscriptionHandler handler, SubscriptionStorage storage) {
        this.name = name;
        this.partition = partition;
        this.handler = handler;
        this.storage = storage;
    }

    @Override
    public void deliver(List<RecordedEvent<Object>> batch, SubscriptionContext context, long token, long position) throws Exception {
        handler.handle(batch, context);
    }

    @Override
    public void deliverAside(List<RecordedEvent<Object>> batch, SubscriptionContext context, long token, long checkpoint)
            throws Exception {
        handler.handle(batch, context);
    }

    @Override
    public void reset(long position, long token) throws Exception {
        handler.reset(position);
        storage.saveCheckpoint(name, partition, token, position);
    }

    @Override
    public boolean savesCheckpoint() {
        return false;
    }
}
