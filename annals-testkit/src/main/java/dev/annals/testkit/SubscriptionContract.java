package dev.annals.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.annals.Annals;
import dev.annals.EventStore;
import dev.annals.IdCodec;
import dev.annals.InvalidArgumentException;
import dev.annals.RecordedEvent;
import dev.annals.StreamCategory;
import dev.annals.spi.Capability;
import dev.annals.spi.SubscriptionStorage;
import dev.annals.subscription.LeaseLostException;
import dev.annals.subscription.ParkedEvent;
import dev.annals.subscription.PoisonPolicy;
import dev.annals.subscription.RetryPolicy;
import dev.annals.subscription.Start;
import dev.annals.subscription.Subscription;
import dev.annals.subscription.SubscriptionHandler;
import dev.annals.subscription.SubscriptionOptions;
import dev.annals.subscription.SubscriptionState;
import dev.annals.subscription.SubscriptionStatus;
import dev.annals.testkit.domain.TestEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The subscription contract every backend with {@link Capability#SUBSCRIPTIONS} passes: catch-up
 * then live without a gap or a duplicate, checkpoints, one active instance per name with fencing,
 * partitions, poison events, rebuild, filters and lag. Each test uses a category and a subscription
 * name of its own, so tests share a store without seeing each other's events.
 *
 * <p>Killing and pausing real processes (takeover after SIGKILL, a stale checkpoint after SIGSTOP)
 * and exactly-once after a crash are tested by each durable backend with child JVMs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class SubscriptionContract {

    /** The default of {@link #patience()}. */
    protected static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(60);
    private static final AtomicInteger NAMES = new AtomicInteger();

    protected abstract AnnalsFixture fixture();

    /**
     * How long a test waits for a subscription to catch up or to deliver, before it fails; 60 s by
     * default, for slow machines. The kit's own tests of broken stores shorten it.
     */
    protected Duration patience() {
        return DEFAULT_PATIENCE;
    }

    private StreamCategory<UUID, TestEvent> category;
    private String name;
    private final List<Subscription> opened = new CopyOnWriteArrayList<>();

    @BeforeEach
    void freshCategoryAndName() {
        int n = NAMES.incrementAndGet();
        String unique = Long.toString(System.nanoTime(), 36) + n;
        category = StreamCategory.of("sub" + unique, IdCodec.uuid(), TestEvent.class);
        name = "contract-" + unique;
    }

    @org.junit.jupiter.api.AfterEach
    void closeSubscriptions() {
        opened.forEach(Subscription::close);
    }

    // ---- catch-up and live ----

    @Test
    void catch_up_from_zero_delivers_every_one_of_ten_thousand_events_once_in_log_order() throws Exception {
        List<Long> written = append(100, 100);
        Recorder recorder = new Recorder();

        Subscription sub = subscribe(options().batchSize(500), recorder);

        assertThat(sub.awaitCaughtUp(patience())).isTrue();
        assertThat(recorder.positions()).containsExactlyElementsOf(written);
    }

    @Test
    void the_switch_to_live_while_four_writers_append_delivers_each_event_once_in_read_all_order() throws Exception {
        append(20, 5);
        Recorder recorder = new Recorder();
        Subscription sub = subscribe(options().batchSize(7).fallbackPoll(Duration.ofSeconds(30)), recorder);

        List<Long> all = Collections.synchronizedList(new ArrayList<>());
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            Thread writer = new Thread(() -> all.addAll(append(10, 5)));
            writers.add(writer);
            writer.start();
        }
        for (Thread writer : writers) {
            writer.join();
        }
        List<Long> expected = logPositions();

        waitUntil(() -> recorder.positions().size() >= expected.size(), "all events delivered");
        assertThat(sub.awaitCaughtUp(patience())).isTrue();
        assertThat(recorder.positions()).containsExactlyElementsOf(expected);
    }

    @Test
    void a_live_event_arrives_by_notification_long_before_the_fallback_poll() throws Exception {
        Recorder recorder = new Recorder();
        Subscription sub = subscribe(options().fallbackPoll(Duration.ofSeconds(60)), recorder);
        assertThat(sub.awaitCaughtUp(patience())).isTrue();
        Thread.sleep(200); // the runner is waiting for a notification now

        long start = System.nanoTime();
        long position = append(1, 1).get(0);
        waitUntil(() -> recorder.positions().contains(position), "the live event");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void a_restart_resumes_after_the_stored_checkpoint() throws Exception {
        List<Long> first = append(5, 4);
        Recorder before = new Recorder();
        Subscription sub = subscribe(options(), before);
        assertThat(sub.awaitCaughtUp(patience())).isTrue();
        sub.close();

        List<Long> second = append(3, 2);
        Recorder after = new Recorder();
        Subscription again = subscribe(options(), after);

        assertThat(again.awaitCaughtUp(patience())).isTrue();
        assertThat(before.positions()).containsExactlyElementsOf(first);
        assertThat(after.positions()).containsExactlyElementsOf(second);
    }

    @Test
    void start_at_the_end_or_after_a_position_skips_what_came_before() throws Exception {
        List<Long> old = append(3, 3);
        Recorder fromEnd = new Recorder();
        Subscription atEnd = subscribe(options().categories(category), "end", Start.end(), fromEnd);
        assertThat(atEnd.awaitCaughtUp(patience())).isTrue();
        List<Long> newer = append(2, 1);
        waitUntil(() -> fromEnd.positions().size() == newer.size(), "the new events");
        assertThat(fromEnd.positions()).containsExactlyElementsOf(newer);

        Recorder fromPosition = new Recorder();
        Subscription after = subscribe(options().categories(category), "after", Start.after(old.get(4)), fromPosition);
        assertThat(after.awaitCaughtUp(patience())).isTrue();
        List<Long> expected = new ArrayList<>(old.subList(5, old.size()));
        expected.addAll(newer);
        assertThat(fromPosition.positions()).containsExactlyElementsOf(expected);
    }

    @Test
    void filters_by_event_type_deliver_only_those_events_and_still_advance_the_checkpoint() throws Exception {
        append(4, 6);
        Recorder recorder = new Recorder();
        Subscription sub = subscribe(options().eventTypes("testkit-counted"), recorder);

        assertThat(sub.awaitCaughtUp(patience())).isTrue();
        assertThat(recorder.events).isNotEmpty().allSatisfy(e -> assertThat(e.type()).isEqualTo("testkit-counted"));
        assertThat(recorder.events).allSatisfy(e -> assertThat(e.event()).isInstanceOf(TestEvent.Counted.class));
        assertThat(sub.status().get(0).lagEvents()).isZero();
    }

    @Test
    void lag_counts_the_events_after_the_checkpoint_and_the_status_shows_the_state() throws Exception {
        append(3, 3);
        AtomicInteger calls = new AtomicInteger();
        Subscription sub = subscribe(options().batchSize(1).retry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO)),
                (batch, context) -> {
                    if (calls.incrementAndGet() > 2) {
                        throw new IllegalStateException("stop here");
                    }
                });
        waitUntil(() -> sub.status().get(0).state() == SubscriptionState.FAILED, "the partition to stop");

        SubscriptionStatus status = sub.status().get(0);
        assertThat(status.checkpoint()).isEqualTo(logPositions().get(1));
        assertThat(status.lagEvents()).isEqualTo(annals().subscriptions().lag(status.checkpoint()));
        assertThat(status.lagEvents()).isGreaterThanOrEqualTo(7);
        assertThat(status.parked()).isEqualTo(1);
        assertThat(status.lastError()).contains("stop here");
    }

    // ---- one active instance ----

    @Test
    void two_instances_of_one_name_have_one_active_and_the_other_takes_over_when_it_closes() throws Exception {
        append(5, 2);
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        SubscriptionOptions options = options().lease(Duration.ofMillis(600));
        Subscription a = subscribe(options, first);
        assertThat(a.awaitCaughtUp(patience())).isTrue();
        Subscription b = subscribe(options, second);
        Thread.sleep(1500);
        assertThat(b.status().get(0).state()).isEqualTo(SubscriptionState.STANDBY);
        assertThat(second.positions()).isEmpty();

        a.close();
        List<Long> later = append(2, 2);

        waitUntil(() -> second.positions().containsAll(later), "the second instance to take over");
        assertThat(second.positions()).containsExactlyElementsOf(later);
        assertThat(first.positions()).doesNotContainAnyElementsOf(later);
    }

    @Test
    void a_checkpoint_written_with_a_stale_fencing_token_is_refused() throws Exception {
        SubscriptionStorage storage = storage();
        long stale = storage.acquireLease(name, 0, "paused-instance", Duration.ofMillis(300)).orElseThrow();
        storage.saveCheckpoint(name, 0, stale, 5);
        Thread.sleep(400);
        long current = storage.acquireLease(name, 0, "new-instance", Duration.ofSeconds(10)).orElseThrow();

        assertThat(current).isGreaterThan(stale);
        assertThat(storage.acquireLease(name, 0, "paused-instance", Duration.ofSeconds(10))).isEmpty();
        assertThatThrownBy(() -> storage.saveCheckpoint(name, 0, stale, 99)).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> storage.park(name, 0, stale, parked(7))).isInstanceOf(LeaseLostException.class);
        storage.saveCheckpoint(name, 0, current, 6);
        assertThat(storage.checkpoint(name, 0)).hasValueSatisfying(c -> assertThat(c.position()).isEqualTo(6));
        assertThat(storage.parkedEvents(name)).isEmpty();
    }

    @Test
    void a_lease_renewed_by_its_owner_keeps_its_token() {
        SubscriptionStorage storage = storage();
        long token = storage.acquireLease(name, 0, "owner", Duration.ofSeconds(10)).orElseThrow();

        assertThat(storage.acquireLease(name, 0, "owner", Duration.ofSeconds(10))).hasValue(token);
        assertThat(storage.acquireLease(name, 0, "other", Duration.ofSeconds(10))).isEmpty();
        storage.releaseLease(name, 0, "owner", token);
        assertThat(storage.acquireLease(name, 0, "other", Duration.ofSeconds(10))).hasValue(token + 1);
    }

    // ---- partitions ----

    @Test
    void partitions_deliver_every_event_once_and_keep_the_order_within_each_stream() throws Exception {
        append(40, 5);
        Map<Integer, Recorder> byPartition = new ConcurrentHashMap<>();
        Subscription sub = subscribe(options().partitions(4).batchSize(13), (batch, context) ->
                byPartition.computeIfAbsent(context.partition(), p -> new Recorder()).handle(batch, context));

        assertThat(sub.awaitCaughtUp(patience())).isTrue();
        assertThat(sub.status()).hasSize(4);
        List<RecordedEvent<Object>> all = new ArrayList<>();
        byPartition.values().forEach(r -> all.addAll(r.events));
        assertThat(all).extracting(RecordedEvent::position).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(logPositions());
        assertThat(byPartition.keySet()).hasSizeGreaterThan(1);
        Map<String, Integer> streamPartition = new HashMap<>();
        for (var entry : byPartition.entrySet()) {
            Map<String, Long> lastVersion = new HashMap<>();
            for (RecordedEvent<Object> e : entry.getValue().events) {
                assertThat(streamPartition.putIfAbsent(e.stream(), entry.getKey())).as("one partition per stream").isIn(null, entry.getKey());
                Long previous = lastVersion.put(e.stream(), e.version());
                assertThat(e.version()).isEqualTo(previous == null ? 0 : previous + 1);
            }
        }
    }

    // ---- poison events ----

    @Test
    void a_poison_event_is_retried_then_parked_and_by_default_stops_the_partition() throws Exception {
        List<Long> written = append(1, 5);
        long poison = written.get(2);
        AtomicInteger tries = new AtomicInteger();
        Recorder recorder = new Recorder();
        Subscription sub = subscribe(options().retry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5))),
                failingAt(poison, tries, recorder));

        waitUntil(() -> sub.status().get(0).state() == SubscriptionState.FAILED, "the partition to stop");

        assertThat(tries.get()).as("once in its batch, then three times alone").isEqualTo(4);
        assertThat(recorder.positions()).containsExactlyElementsOf(written.subList(0, 2));
        List<ParkedEvent> parked = sub.parked();
        assertThat(parked).singleElement().satisfies(p -> {
            assertThat(p.position()).isEqualTo(poison);
            assertThat(p.attempts()).isEqualTo(3);
            assertThat(p.error()).contains("poison");
        });
        assertThat(annals().subscriptions().list()).anySatisfy(r -> {
            assertThat(r.subscription()).isEqualTo(name);
            assertThat(r.checkpoint()).isEqualTo(written.get(1));
        });
    }

    @Test
    void dropping_the_parked_event_of_a_stopped_partition_lets_it_go_on_after_it() throws Exception {
        List<Long> written = append(1, 4);
        long poison = written.get(1);
        Recorder recorder = new Recorder();
        Subscription sub = subscribe(options().retry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO)),
                failingAt(poison, new AtomicInteger(), recorder));
        waitUntil(() -> sub.status().get(0).state() == SubscriptionState.FAILED, "the partition to stop");

        assertThat(annals().subscriptions().dropParked(name, poison)).isTrue();

        waitUntil(() -> recorder.positions().size() == 3, "the events after the dropped one");
        assertThat(recorder.positions()).containsExactly(written.get(0), written.get(2), written.get(3));
        assertThat(sub.parked()).isEmpty();
    }

    @Test
    void a_parked_event_retried_by_an_operator_is_handled_and_the_partition_goes_on() throws Exception {
        List<Long> written = append(1, 3);
        long poison = written.get(1);
        AtomicInteger tries = new AtomicInteger();
        Recorder recorder = new Recorder();
        SubscriptionHandler failsTwiceThenWorks = (batch, context) -> {
            for (RecordedEvent<Object> e : batch) {
                if (e.position() == poison && tries.incrementAndGet() <= 2) {
                    throw new IllegalStateException("poison " + e.position());
                }
            }
            recorder.handle(batch, context);
        };
        Subscription sub = subscribe(options().retry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO)), failsTwiceThenWorks);
        waitUntil(() -> sub.status().get(0).state() == SubscriptionState.FAILED, "the partition to stop");

        assertThat(annals().subscriptions().retryParked(name, poison)).isTrue();

        waitUntil(() -> recorder.positions().size() == 3, "the retried event and the one after it");
        assertThat(recorder.positions()).containsExactlyElementsOf(written);
        waitUntil(() -> sub.parked().isEmpty(), "the parked entry to go");
    }

    @Test
    void with_the_continue_policy_a_poison_event_is_parked_and_the_others_are_handled() throws Exception {
        List<Long> written = append(1, 5);
        long poison = written.get(2);
        Recorder recorder = new Recorder();
        Subscription sub = subscribe(options().onPoison(PoisonPolicy.CONTINUE).retry(new RetryPolicy(2, Duration.ZERO, Duration.ZERO)),
                failingAt(poison, new AtomicInteger(), recorder));

        assertThat(sub.awaitCaughtUp(patience())).isTrue();
        assertThat(recorder.positions()).containsExactly(written.get(0), written.get(1), written.get(3), written.get(4));
        assertThat(sub.parked()).extracting(ParkedEvent::position).containsExactly(poison);
    }

    // ---- rebuild ----

    @Test
    void a_reset_calls_the_reset_hook_and_handles_the_events_after_the_position_again() throws Exception {
        List<Long> written = append(2, 3);
        List<Long> resets = new CopyOnWriteArrayList<>();
        Recorder recorder = new Recorder();
        SubscriptionHandler handler = new SubscriptionHandler() {
            @Override
            public void handle(List<RecordedEvent<Object>> batch, dev.annals.subscription.SubscriptionContext context) {
                recorder.handle(batch, context);
            }

            @Override
            public void reset(long position) {
                resets.add(position);
            }
        };
        Subscription sub = subscribe(options(), handler);
        assertThat(sub.awaitCaughtUp(patience())).isTrue();

        annals().subscriptions().reset(name, written.get(2));

        waitUntil(() -> recorder.positions().size() == 9, "the replay");
        assertThat(resets).containsExactly(written.get(2));
        List<Long> expected = new ArrayList<>(written);
        expected.addAll(written.subList(3, 6));
        assertThat(recorder.positions()).containsExactlyElementsOf(expected);
    }

    @SuppressWarnings("NullAway") // passes null on purpose: the typed error for it is the contract
    @Test
    void bad_names_and_options_are_refused_with_typed_errors() {
        KitAssertions.assertInvalid(() -> annals().subscriptions().subscribe("bad name!", options(), (b, c) -> { }), "subscription name");
        KitAssertions.assertInvalid(() -> annals().subscriptions().subscribe(null, options(), (b, c) -> { }), "subscription name");
        KitAssertions.assertInvalid(() -> options().batchSize(0), "batch size");
        KitAssertions.assertInvalid(() -> options().partitions(0), "partitions");
        KitAssertions.assertInvalid(() -> Start.after(-1), "start position");
        KitAssertions.assertInvalid(() -> annals().subscriptions().reset("never-ran-" + name, 0), "no subscription");
        assertThatThrownBy(() -> annals().subscriptions().reset(name, -5)).isInstanceOf(InvalidArgumentException.class);
    }

    // ---- helpers ----

    protected final Annals annals() {
        Annals annals = fixture().annals();
        assumeThat(annals.backend().capabilities()).as("the backend keeps subscriptions").contains(Capability.SUBSCRIPTIONS);
        return annals;
    }

    private SubscriptionStorage storage() {
        return annals().backend().subscriptionStorage().orElseThrow();
    }

    private SubscriptionOptions options() {
        return SubscriptionOptions.startAt(Start.beginning()).categories(category).fallbackPoll(Duration.ofMillis(200));
    }

    private Subscription subscribe(SubscriptionOptions options, SubscriptionHandler handler) {
        Subscription sub = annals().subscribe(name, options, handler);
        opened.add(sub);
        return sub;
    }

    private Subscription subscribe(SubscriptionOptions options, String suffix, Start start, SubscriptionHandler handler) {
        SubscriptionOptions withStart = new SubscriptionOptions(start, options.categories(), options.eventTypes(), options.batchSize(),
                options.partitions(), options.checkpointEveryEvents(), options.checkpointEvery(), options.retry(), options.onPoison(),
                options.lease(), options.fallbackPoll());
        Subscription sub = annals().subscribe(name + "-" + suffix, withStart, handler);
        opened.add(sub);
        return sub;
    }

    /** Appends {@code eventsPerStream} events to each of {@code streams} new streams, interleaved; their positions in order. */
    private List<Long> append(int streams, int eventsPerStream) {
        EventStore<UUID, TestEvent> store = annals().eventStore(category);
        List<UUID> ids = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            ids.add(UUID.randomUUID());
        }
        List<Long> positions = new ArrayList<>();
        for (int v = 0; v < eventsPerStream; v++) {
            for (UUID id : ids) {
                positions.addAll(store.appendEvents(id, v - 1, List.of(TestEvent.of(v))).positions());
            }
        }
        assertThat(positions).as("positions of the appended events").hasSize(streams * eventsPerStream).doesNotHaveDuplicates();
        return positions;
    }

    /** The positions of this test's events in the global log, in log order. */
    private List<Long> logPositions() {
        List<Long> result = new ArrayList<>();
        long after = 0;
        while (true) {
            List<RecordedEvent<Object>> page = annals().eventLog().readAll(after, 1000);
            if (page.isEmpty()) {
                return result;
            }
            for (RecordedEvent<Object> e : page) {
                if (category.contains(e.stream())) {
                    result.add(e.position());
                }
            }
            after = page.get(page.size() - 1).position();
        }
    }

    private ParkedEvent parked(long position) {
        return new ParkedEvent(name, 0, position, UUID.randomUUID(), "s-1", "error", 1, java.time.Instant.now(), false);
    }

    private static SubscriptionHandler failingAt(long poison, AtomicInteger tries, Recorder recorder) {
        return (batch, context) -> {
            for (RecordedEvent<Object> e : batch) {
                if (e.position() == poison) {
                    tries.incrementAndGet();
                    throw new IllegalStateException("poison " + e.position());
                }
            }
            recorder.handle(batch, context);
        };
    }

    private void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + patience().toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** Records what a handler received. */
    private static final class Recorder implements SubscriptionHandler {
        final List<RecordedEvent<Object>> events = new CopyOnWriteArrayList<>();
        private final Set<UUID> seen = ConcurrentHashMap.newKeySet();

        @Override
        public void handle(List<RecordedEvent<Object>> batch, dev.annals.subscription.SubscriptionContext context) {
            events.addAll(batch);
            batch.forEach(e -> seen.add(e.eventId()));
        }

        List<Long> positions() {
            return events.stream().map(RecordedEvent::position).toList();
        }
    }
}
