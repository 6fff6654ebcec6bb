package dev.annals.subscription;

import dev.annals.RecordedEvent;
import java.util.List;

/** How a runner hands events to the user's code and stores checkpoints: at least once (a handler) or exactly once (a projection). */
interface Delivery {

    /** Handles a batch whose last read position is {@code position}; a delivery that {@link #savesCheckpoint} stores it with the batch. */
    void deliver(List<RecordedEvent<Object>> batch, SubscriptionContext context, long token, long position) throws Exception;

    /** Handles an event parked behind the checkpoint again, leaving the checkpoint at {@code checkpoint}. */
    void deliverAside(List<RecordedEvent<Object>> batch, SubscriptionContext context, long token, long checkpoint) throws Exception;

    /** Runs the reset hook and stores the checkpoint {@code position}. */
    void reset(long position, long token) throws Exception;

    /** Whether {@link #deliver} stores the checkpoint itself. */
    boolean savesCheckpoint();
}
