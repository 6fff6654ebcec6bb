package dev.annals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.internal.SnapshotHash;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.KeyStorage;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StoredSnapshot;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** {@link Annals#copy} between memory stores: order, fidelity, snapshots, categories, resumption, refusal, verification. */
class StoreCopyTest {

    private static final Instant T0 = Instant.parse("2020-01-02T03:04:05.123456789Z");
    private static final AtomicInteger APPENDS = new AtomicInteger();

    private final Annals source = Annals.open("memory:");
    private final Annals target = Annals.open("memory:");

    @Test
    void every_event_is_copied_unchanged_in_log_order_with_every_snapshot_revision_and_verified() {
        writeInterleaved(source, 40);
        StoredSnapshot older = snapshot("ticket-a", 3, "{\"n\":3}");
        StoredSnapshot newer = snapshot("ticket-a", 9, "{\"n\":9}");
        source.backend().saveSnapshot(older, 3);
        source.backend().saveSnapshot(newer, 3);

        CopyReport report = Annals.copy(source, target, CopyOptions.everything().pageSize(7));

        assertThat(report.verified()).isTrue();
        assertThat(report.copied()).isEqualTo(40);
        assertThat(report.resumed()).isZero();
        assertThat(report.snapshotsCopied()).isEqualTo(2);
        assertThat(report.source().eventDigest()).isEqualTo(report.target().eventDigest());
        assertThat(report.target().streams()).isEqualTo(3);
        assertSameLog(source, target);
        assertThat(target.backend().snapshots("ticket-a")).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(newer, older);
    }

    @Test
    void an_interrupted_copy_resumes_after_what_the_target_holds_and_writes_no_event_twice() {
        writeInterleaved(source, 50);
        AtomicInteger pages = new AtomicInteger();
        CopyOptions stopAfterTwoPages = CopyOptions.everything().pageSize(6).onProgress(progress -> {
            if (pages.incrementAndGet() == 2) {
                throw new IllegalStateException("stopped after two pages");
            }
        });

        assertThatThrownBy(() -> Annals.copy(source, target, stopAfterTwoPages)).hasMessageContaining("stopped after two pages");
        long held = target.backend().stats().events();
        CopyReport resumed = Annals.copy(source, target, CopyOptions.everything().pageSize(6));

        assertThat(held).isEqualTo(12);
        assertThat(resumed.resumed()).isEqualTo(12);
        assertThat(resumed.copied()).isEqualTo(38);
        assertThat(resumed.verified()).isTrue();
        assertThat(target.backend().stats().events()).isEqualTo(50);
        assertSameLog(source, target);
    }

    @Test
    void a_finished_copy_run_again_copies_nothing_and_verifies() {
        writeInterleaved(source, 10);
        Annals.copy(source, target, CopyOptions.everything());

        CopyReport again = Annals.copy(source, target, CopyOptions.everything().pageSize(3));

        assertThat(again.copied()).isZero();
        assertThat(again.resumed()).isEqualTo(10);
        assertThat(again.verified()).isTrue();
    }

    @Test
    void only_the_streams_of_the_given_categories_are_copied() {
        writeInterleaved(source, 30);
        append(source, "invoice-1", -1, event(null), event(null));

        CopyReport report = Annals.copy(source, target, CopyOptions.everything().categories("invoice").pageSize(4));

        assertThat(report.verified()).isTrue();
        assertThat(report.copied()).isEqualTo(2);
        assertThat(report.categories()).containsExactly("invoice");
        assertThat(target.backend().readAll(0, 100)).extracting(StoredEvent::stream).containsOnly("invoice-1");
    }

    @Test
    void a_target_holding_other_events_is_refused_naming_it_and_left_unchanged() {
        writeInterleaved(source, 10);
        append(target, "ticket-a", -1, event(null));

        assertThatThrownBy(() -> Annals.copy(source, target, CopyOptions.everything()))
                .isInstanceOfSatisfying(CopyTargetNotEmptyException.class, e -> assertThat(e.target()).isEqualTo("memory:"))
                .hasMessageContaining("is not the source's event");
        assertThat(target.backend().stats().events()).isEqualTo(1);
    }

    @Test
    void a_target_holding_events_of_a_category_not_copied_is_refused() {
        writeInterleaved(source, 10);
        Annals.copy(source, target, CopyOptions.everything().categories("ticket"));
        append(source, "invoice-1", -1, event(null));
        append(target, "invoice-9", -1, event(null));

        assertThatThrownBy(() -> Annals.copy(source, target, CopyOptions.everything().categories("ticket")))
                .isInstanceOf(CopyTargetNotEmptyException.class).hasMessageContaining("more events than the source copies");
    }

    @Test
    void a_target_holding_only_snapshots_is_refused() {
        writeInterleaved(source, 5);
        target.backend().saveSnapshot(snapshot("ticket-z", 0, "{}"), 1);

        assertThatThrownBy(() -> Annals.copy(source, target, CopyOptions.everything()))
                .isInstanceOf(CopyTargetNotEmptyException.class).hasMessageContaining("1 snapshots and no events");
        assertThat(target.backend().stats().events()).isZero();
    }

    @Test
    void the_verification_catches_a_target_that_does_not_keep_each_events_recorded_at_time() {
        writeInterleaved(source, 12);
        Annals forgetful = new Annals(dropsOwnTimes(Annals.open("memory:").backend()));

        CopyReport report = Annals.copy(source, forgetful, CopyOptions.everything());

        assertThat(report.target().events()).isEqualTo(12);
        assertThat(report.verified()).isFalse();
        assertThat(report.target().eventDigest()).isNotEqualTo(report.source().eventDigest());
    }

    @Test
    void the_verification_names_a_stream_whose_snapshots_differ() {
        writeInterleaved(source, 12);
        source.backend().saveSnapshot(snapshot("ticket-b", 2, "{\"n\":2}"), 1);
        assertThat(Annals.copy(source, target, CopyOptions.everything()).verified()).isTrue();
        target.backend().saveSnapshot(snapshot("ticket-b", 3, "{\"n\":3}"), 1);

        CopyReport differing = Annals.copy(source, target, CopyOptions.everything());

        assertThat(differing.verified()).isFalse();
        assertThat(differing.differingStreams()).containsExactly("ticket-b");
        assertThat(differing.differingStreamCount()).isEqualTo(1);
    }

    @Test
    void the_data_keys_of_crypto_shredding_are_copied_as_they_are_and_a_different_key_in_the_target_is_refused() {
        writeInterleaved(source, 10);
        KeyStorage keys = source.backend().keyStorage().orElseThrow();
        for (int i = 0; i < 1200; i++) { // more than a page of keys
            keys.putIfAbsent("subject-" + i, ("wrapped-" + i).getBytes(StandardCharsets.UTF_8));
        }

        assertThat(Annals.copy(source, target, CopyOptions.everything()).verified()).isTrue();

        KeyStorage copied = target.backend().keyStorage().orElseThrow();
        assertThat(copied.keys(null, 5000)).hasSize(1200);
        assertThat(copied.find("subject-777")).hasValueSatisfying(
                key -> assertThat(new String(key, StandardCharsets.UTF_8)).isEqualTo("wrapped-777"));

        Annals other = Annals.open("memory:");
        other.backend().keyStorage().orElseThrow().putIfAbsent("subject-5", "another key".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Annals.copy(source, other, CopyOptions.everything()))
                .isInstanceOf(CopyTargetNotEmptyException.class).hasMessageContaining("another data key for subject 'subject-5'");
    }

    @Test
    void a_source_holding_data_keys_is_not_copied_to_a_target_that_cannot_keep_them_and_nothing_is_written() {
        writeInterleaved(source, 10);
        source.backend().keyStorage().orElseThrow().putIfAbsent("subject-1", new byte[] {1, 2, 3});
        StorageBackend memory = Annals.open("memory:").backend();
        Annals keyless = new Annals(withoutKeyStorage(memory));

        assertThatThrownBy(() -> Annals.copy(source, keyless, CopyOptions.everything()))
                .isInstanceOf(UnsupportedCapabilityException.class).hasMessageContaining("KEY_STORAGE").hasMessageContaining("nothing was copied");
        assertThat(memory.headPosition()).isZero();
    }

    /** A backend without the key storage role, as NATS is. */
    private static StorageBackend withoutKeyStorage(StorageBackend delegate) {
        return (StorageBackend) Proxy.newProxyInstance(StorageBackend.class.getClassLoader(), new Class<?>[] {StorageBackend.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("keyStorage")) {
                        return java.util.Optional.empty();
                    }
                    if (method.getName().equals("capabilities")) {
                        java.util.Set<?> all = (java.util.Set<?>) method.invoke(delegate, args);
                        return all.stream().filter(c -> c != dev.annals.spi.Capability.KEY_STORAGE)
                                .collect(java.util.stream.Collectors.toUnmodifiableSet());
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void bad_options_are_refused_naming_the_problem() {
        assertThatThrownBy(() -> CopyOptions.everything().pageSize(0)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("page size");
        assertThatThrownBy(() -> CopyOptions.everything().categories("no such")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("'no such'");
        assertThatThrownBy(() -> Annals.copy(source, source, CopyOptions.everything())).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("one store");
    }

    /** {@code count} events over three streams, two appends of one to three events to each in turn, each append at its own time. */
    private static void writeInterleaved(Annals annals, int count) {
        String[] streams = {"ticket-a", "ticket-b", "ticket-c"};
        long[] versions = {-1, -1, -1};
        int written = 0;
        for (int round = 0; written < count; round++) {
            int s = round / 2 % 3;
            int size = Math.min(1 + round % 3, count - written);
            List<NewEvent> events = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                events.add(event(null));
            }
            append(annals, streams[s], versions[s], events.toArray(NewEvent[]::new));
            versions[s] += size;
            written += size;
        }
    }

    private static void append(Annals annals, String stream, long expected, NewEvent... events) {
        annals.backend().append(new AppendRequest(stream, expected, List.of(events), T0.plusMillis(APPENDS.incrementAndGet())));
    }

    private static NewEvent event(@Nullable Instant own) {
        UUID id = UUID.randomUUID();
        return new NewEvent(id, "noted", 1, ("{\"actor\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8),
                ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8), own);
    }

    private static StoredSnapshot snapshot(String stream, long version, String state) {
        byte[] bytes = state.getBytes(StandardCharsets.UTF_8);
        return new StoredSnapshot(stream, version, T0.plusSeconds(version), "fp1", SnapshotHash.of(stream, version, bytes), bytes);
    }

    private static void assertSameLog(Annals a, Annals b) {
        List<StoredEvent> left = a.backend().readAll(0, 10_000);
        List<StoredEvent> right = b.backend().readAll(0, 10_000);
        assertThat(right).hasSameSizeAs(left);
        for (int i = 0; i < left.size(); i++) {
            assertThat(right.get(i)).usingRecursiveComparison().ignoringFields("position").isEqualTo(left.get(i));
        }
    }

    private static AppendRequest withoutOwnTimes(AppendRequest request) {
        return new AppendRequest(request.stream(), request.expectedVersion(), request.events().stream()
                .map(e -> new NewEvent(e.eventId(), e.type(), e.schemaVersion(), e.metadata(), e.payload())).toList(), request.recordedAt());
    }

    /** A backend that stores every event at its append's time, as a backend ignoring {@link NewEvent#recordedAt()} would. */
    private static StorageBackend dropsOwnTimes(StorageBackend delegate) {
        return (StorageBackend) Proxy.newProxyInstance(StorageBackend.class.getClassLoader(), new Class<?>[] {StorageBackend.class},
                (proxy, method, args) -> {
                    Object[] actual = args;
                    if (method.getName().equals("append")) {
                        actual = new Object[] {withoutOwnTimes((AppendRequest) args[0])};
                    } else if (method.getName().equals("appendAll")) {
                        @SuppressWarnings("unchecked")
                        List<AppendRequest> requests = (List<AppendRequest>) args[0];
                        actual = new Object[] {requests.stream().map(StoreCopyTest::withoutOwnTimes).toList()};
                    }
                    try {
                        return method.invoke(delegate, actual);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
