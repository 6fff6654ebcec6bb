package dev.annals.internal;

import dev.annals.AnnalsException;
import dev.annals.CopyReport;
import dev.annals.Limits;
import dev.annals.UnsupportedCapabilityException;
import dev.annals.spi.Capability;
import dev.annals.spi.LogFilter;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.SubscriptionStorage;
import dev.annals.subscription.SubscriptionRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * The checkpoints of the source's subscriptions, carried by a store copy once its events are copied, so that a
 * projection moved with the store continues where it was. Positions are each store's own: a checkpoint (the
 * position of the last event its partition handled) becomes the target's position of the same event, found by
 * its stream and version, which a copy keeps; when that event is not in the copy (another category, removed
 * since), of the last copied event before it; 0 when none is. Each is written under a lease of the copy's own,
 * taken and given up at once, so a subscription running on the target refuses it. Parked events are not
 * carried. Memory: one page of the log and the list of subscription partitions. Not thread-safe.
 */
final class CheckpointCopy {

    private static final Duration LEASE = Duration.ofSeconds(30);

    private final StorageBackend source;
    private final StorageBackend target;
    private final LogFilter filter;
    private final int pageSize;

    CheckpointCopy(StorageBackend source, StorageBackend target, LogFilter filter, int pageSize) {
        this.source = source;
        this.target = target;
        this.filter = filter;
        this.pageSize = pageSize;
    }

    /**
     * Refuses, before anything is written, a copy of a source holding checkpoints to a target that cannot keep them.
     *
     * @throws UnsupportedCapabilityException naming the target and {@link Capability#SUBSCRIPTIONS}
     */
    void requireRoom() {
        if (!checkpoints().isEmpty() && target.subscriptionStorage().isEmpty()) {
            throw new UnsupportedCapabilityException(Capability.SUBSCRIPTIONS, target.describe()
                    + " (the source holds checkpoints of subscriptions, which the copy must carry; nothing was copied)");
        }
    }

    /** Writes each checkpoint of the source, mapped to the target's positions; returns what was mapped. */
    List<CopyReport.Checkpoint> copyAll() {
        List<SubscriptionRecord> records = checkpoints();
        if (records.isEmpty()) {
            return List.of();
        }
        SubscriptionStorage to = target.subscriptionStorage().orElseThrow(() -> new UnsupportedCapabilityException(
                Capability.SUBSCRIPTIONS, target.describe()));
        String owner = "annals-copy-" + UUID.randomUUID();
        List<CopyReport.Checkpoint> mapped = new ArrayList<>(records.size());
        for (SubscriptionRecord record : records) {
            long position = targetPosition(record.checkpoint());
            OptionalLong token = to.acquireLease(record.subscription(), record.partition(), owner, LEASE);
            if (token.isEmpty()) {
                throw new AnnalsException("The copy cannot write the checkpoint of subscription " + Limits.shown(record.subscription())
                        + " (partition " + record.partition() + ") to " + target.describe() + ": an instance of it runs there; "
                        + "stop it and copy again");
            }
            try {
                to.saveCheckpoint(record.subscription(), record.partition(), token.getAsLong(), position);
            } finally {
                to.releaseLease(record.subscription(), record.partition(), owner, token.getAsLong());
            }
            mapped.add(new CopyReport.Checkpoint(record.subscription(), record.partition(), record.checkpoint(), position));
        }
        return mapped;
    }

    /** The source's subscription partitions that have a checkpoint. */
    private List<SubscriptionRecord> checkpoints() {
        Optional<SubscriptionStorage> from = source.subscriptionStorage();
        if (from.isEmpty()) {
            return List.of();
        }
        return from.get().subscriptions().stream().filter(record -> record.checkpoint() > 0).toList();
    }

    /** The target's event of {@code stream} at {@code version}, also where a soft delete hides it from reads. */
    private Optional<StoredEvent> heldAt(String stream, long version) {
        Set<Capability> capabilities = target.capabilities();
        List<StoredEvent> events = capabilities.contains(Capability.DELETE_STREAMS) || capabilities.contains(Capability.TRUNCATE_STREAMS)
                ? target.readStreamPage(stream, version - 1, 1).events() : target.readStream(stream, version - 1, 1);
        return events.stream().findFirst().filter(held -> held.version() == version);
    }

    /** The target's position of the last copied event at or before {@code sourcePosition}; 0 when none. */
    private long targetPosition(long sourcePosition) {
        long before = sourcePosition + 1;
        while (before > 1) {
            List<StoredEvent> page = source.readAllBackward(before, pageSize);
            if (page.isEmpty()) {
                return 0;
            }
            for (StoredEvent event : page) {
                if (StoreCopy.inCopy(filter, event.stream())) {
                    Optional<StoredEvent> copied = heldAt(event.stream(), event.version())
                            .filter(held -> held.eventId().equals(event.eventId()));
                    if (copied.isPresent()) {
                        return copied.get().position();
                    }
                }
            }
            before = page.get(page.size() - 1).position();
        }
        return 0;
    }
}
