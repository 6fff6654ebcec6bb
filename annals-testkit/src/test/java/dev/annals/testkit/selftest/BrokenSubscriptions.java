package dev.annals.testkit.selftest;

import dev.annals.spi.Checkpoint;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.SubscriptionStorage;
import dev.annals.subscription.LeaseLostException;
import dev.annals.subscription.ParkedEvent;
import dev.annals.subscription.SubscriptionRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Subscription roles that each break exactly one rule of the subscription contract, over the
 * memory backend's; the kit's self-test shows that the tests of that rule, and only those, fail
 * against each.
 */
final class BrokenSubscriptions {

    private BrokenSubscriptions() {
    }

    /** Backends whose subscription role is {@code breaking} applied to their delegate's. */
    static UnaryOperator<StorageBackend> backend(UnaryOperator<SubscriptionStorage> breaking) {
        return delegate -> new WithSubscriptions(delegate, breaking.apply(delegate.subscriptionStorage().orElseThrow()));
    }

    private static final class WithSubscriptions extends ForwardingBackend {

        private final SubscriptionStorage subscriptions;

        WithSubscriptions(StorageBackend delegate, SubscriptionStorage subscriptions) {
            super(delegate);
            this.subscriptions = subscriptions;
        }

        @Override
        public Optional<SubscriptionStorage> subscriptionStorage() {
            return Optional.of(subscriptions);
        }
    }

    /** A subscription role that forwards every call; the breaking ones override the calls they break. */
    private abstract static class Forwarding implements SubscriptionStorage {

        final SubscriptionStorage delegate;

        Forwarding(SubscriptionStorage delegate) {
            this.delegate = delegate;
        }

        @Override
        public OptionalLong acquireLease(String subscription, int partition, String owner, Duration ttl) {
            return delegate.acquireLease(subscription, partition, owner, ttl);
        }

        @Override
        public void releaseLease(String subscription, int partition, String owner, long token) {
            delegate.releaseLease(subscription, partition, owner, token);
        }

        @Override
        public Optional<Checkpoint> checkpoint(String subscription, int partition) {
            return delegate.checkpoint(subscription, partition);
        }

        @Override
        public void saveCheckpoint(String subscription, int partition, long token, long position) {
            delegate.saveCheckpoint(subscription, partition, token, position);
        }

        @Override
        public void park(String subscription, int partition, long token, ParkedEvent event) {
            delegate.park(subscription, partition, token, event);
        }

        @Override
        public List<ParkedEvent> parkedEvents(String subscription) {
            return delegate.parkedEvents(subscription);
        }

        @Override
        public boolean requestRetry(String subscription, long position) {
            return delegate.requestRetry(subscription, position);
        }

        @Override
        public boolean removeParked(String subscription, long position) {
            return delegate.removeParked(subscription, position);
        }

        @Override
        public void resetCheckpoints(String subscription, int partitions, long position) {
            delegate.resetCheckpoints(subscription, partitions, position);
        }

        @Override
        public List<SubscriptionRecord> subscriptions() {
            return delegate.subscriptions();
        }

        @Override
        public void awaitAppend(long afterPosition, Duration maxWait) throws InterruptedException {
            delegate.awaitAppend(afterPosition, maxWait);
        }

        @Override
        public long countAfter(long position) {
            return delegate.countAfter(position);
        }

        static String key(String subscription, int partition) {
            return subscription + '\u0000' + partition;
        }

        boolean parkedAt(String subscription, long position) {
            return delegate.parkedEvents(subscription).stream().anyMatch(e -> e.position() == position);
        }
    }

    /** Writes a checkpoint or a parked event with a stale fencing token under the token granted last. */
    static final class IgnoresFencingTokens extends Forwarding {

        private final Map<String, Long> granted = new ConcurrentHashMap<>();

        IgnoresFencingTokens(SubscriptionStorage delegate) {
            super(delegate);
        }

        @Override
        public OptionalLong acquireLease(String subscription, int partition, String owner, Duration ttl) {
            OptionalLong token = delegate.acquireLease(subscription, partition, owner, ttl);
            token.ifPresent(t -> granted.put(key(subscription, partition), t));
            return token;
        }

        @Override
        public void saveCheckpoint(String subscription, int partition, long token, long position) {
            try {
                delegate.saveCheckpoint(subscription, partition, token, position);
            } catch (LeaseLostException stale) {
                delegate.saveCheckpoint(subscription, partition, granted.getOrDefault(key(subscription, partition), token), position);
            }
        }

        @Override
        public void park(String subscription, int partition, long token, ParkedEvent event) {
            try {
                delegate.park(subscription, partition, token, event);
            } catch (LeaseLostException stale) {
                delegate.park(subscription, partition, granted.getOrDefault(key(subscription, partition), token), event);
            }
        }
    }

    /** Never wakes a waiting subscription: it waits its whole {@code maxWait}, whatever is appended. */
    static final class NeverWakes extends Forwarding {

        NeverWakes(SubscriptionStorage delegate) {
            super(delegate);
        }

        @Override
        public void awaitAppend(long afterPosition, Duration maxWait) throws InterruptedException {
            TimeUnit.NANOSECONDS.sleep(maxWait.toNanos());
        }
    }

    /**
     * Keeps a partition's checkpoint only while an instance holds its lease, as a store keeping it in
     * the instance's memory would: once the lease is released, the next instance finds none.
     */
    static final class ForgetsCheckpointsOnRelease extends Forwarding {

        private final Set<String> forgotten = ConcurrentHashMap.newKeySet();

        ForgetsCheckpointsOnRelease(SubscriptionStorage delegate) {
            super(delegate);
        }

        @Override
        public void releaseLease(String subscription, int partition, String owner, long token) {
            delegate.releaseLease(subscription, partition, owner, token);
            forgotten.add(key(subscription, partition));
        }

        @Override
        public Optional<Checkpoint> checkpoint(String subscription, int partition) {
            return forgotten.contains(key(subscription, partition)) ? Optional.empty() : delegate.checkpoint(subscription, partition);
        }

        @Override
        public void saveCheckpoint(String subscription, int partition, long token, long position) {
            delegate.saveCheckpoint(subscription, partition, token, position);
            forgotten.remove(key(subscription, partition));
        }

        @Override
        public void resetCheckpoints(String subscription, int partitions, long position) {
            delegate.resetCheckpoints(subscription, partitions, position);
            for (int partition = 0; partition < partitions; partition++) {
                forgotten.remove(key(subscription, partition));
            }
        }
    }

    /** Grants a lease held by another owner too, with the holder's token: two instances run at once. */
    static final class SharesTheLease extends Forwarding {

        private final Map<String, Long> granted = new ConcurrentHashMap<>();

        SharesTheLease(SubscriptionStorage delegate) {
            super(delegate);
        }

        @Override
        public synchronized OptionalLong acquireLease(String subscription, int partition, String owner, Duration ttl) {
            OptionalLong token = delegate.acquireLease(subscription, partition, owner, ttl);
            String key = key(subscription, partition);
            if (token.isPresent()) {
                granted.put(key, token.getAsLong());
                return token;
            }
            Long held = granted.get(key);
            return held == null ? token : OptionalLong.of(held);
        }
    }

    /** Gives the lease a new token each time its owner renews it, as if it had passed to another owner. */
    static final class RenewalBumpsToken extends Forwarding {

        private final Map<String, String> owners = new HashMap<>();
        private final Map<String, Long> tokens = new HashMap<>();

        RenewalBumpsToken(SubscriptionStorage delegate) {
            super(delegate);
        }

        @Override
        public synchronized OptionalLong acquireLease(String subscription, int partition, String owner, Duration ttl) {
            String key = key(subscription, partition);
            if (owner.equals(owners.get(key))) {
                delegate.releaseLease(subscription, partition, owner, tokens.get(key));
            }
            OptionalLong token = delegate.acquireLease(subscription, partition, owner, ttl);
            if (token.isPresent()) {
                owners.put(key, owner);
                tokens.put(key, token.getAsLong());
            }
            return token;
        }
    }

    /** Counts the events after the position that follows a checkpoint: one too few whenever there are any. */
    static final class CountsOneTooFew extends Forwarding {

        CountsOneTooFew(SubscriptionStorage delegate) {
            super(delegate);
        }

        @Override
        public long countAfter(long position) {
            return delegate.countAfter(position + 1);
        }
    }

    /** Resets checkpoints but never reports the reset as pending: the instance replays without running its reset hook. */
    static final class HidesPendingReset extends Forwarding {

        HidesPendingReset(SubscriptionStorage delegate) {
            super(delegate);
        }

        @Override
        public Optional<Checkpoint> checkpoint(String subscription, int partition) {
            return delegate.checkpoint(subscription, partition).map(c -> new Checkpoint(c.position(), false));
        }
    }

    /** Answers an operator's retry of a parked event as done, and marks nothing. */
    static final class IgnoresRetryRequests extends Forwarding {

        IgnoresRetryRequests(SubscriptionStorage delegate) {
            super(delegate);
        }

        @Override
        public boolean requestRetry(String subscription, long position) {
            return parkedAt(subscription, position);
        }
    }

    /** Answers the removal of a parked event as done, and keeps it. */
    static final class KeepsRemovedEvents extends Forwarding {

        KeepsRemovedEvents(SubscriptionStorage delegate) {
            super(delegate);
        }

        @Override
        public boolean removeParked(String subscription, long position) {
            return parkedAt(subscription, position);
        }
    }
}
