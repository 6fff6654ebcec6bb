package dev.annals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.internal.SnapshotHash;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.Capability;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredSnapshot;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link Annals#copy} carries the states of streams beyond their events: soft deletes (the stream reads as
 * absent in the target and continues after the same version), truncations (the remaining events at their
 * versions, and the same truncation), hard deletes (the target refuses writes for ever); refuses a target that
 * cannot keep them, before writing, unless deletes are left out; resumes; and verifies the states.
 */
class StoreCopyStreamStatesTest {

    private static final Instant T0 = Instant.parse("2021-02-03T04:05:06.123456789Z");
    private static final AtomicInteger APPENDS = new AtomicInteger();

    private final Annals source = Annals.open("memory:");
    private final Annals target = Annals.open("memory:");

    @Test
    void deletes_and_truncations_are_carried_and_the_target_behaves_as_the_source() {
        writeStreamsWithStates(source);

        CopyReport report = Annals.copy(source, target, CopyOptions.everything().pageSize(3));

        assertThat(report.verified()).isTrue();
        assertThat(report.source().streamStates()).isEqualTo(4);
        assertThat(report.target().streamStateDigest()).isEqualTo(report.source().streamStateDigest());
        assertThat(report.streamStatesRecorded()).isGreaterThanOrEqualTo(4);
        for (String stream : List.of("ticket-soft", "ticket-again", "ticket-trunc", "ticket-hard", "ticket-plain")) {
            assertThat(target.backend().streamState(stream)).as(stream).isEqualTo(source.backend().streamState(stream));
            assertThat(target.backend().readStream(stream, -1, 100)).as(stream).usingRecursiveFieldByFieldElementComparatorIgnoringFields("position")
                    .isEqualTo(source.backend().readStream(stream, -1, 100));
        }
        assertThat(target.backend().currentVersion("ticket-soft")).isEmpty();
        assertThat(target.backend().append(request("ticket-soft", AppendRequest.NO_STREAM, 1)).version())
                .as("a soft-deleted stream written again continues after its deleted last version").isEqualTo(3);
        assertThat(target.backend().readStream("ticket-trunc", -1, 100)).extracting(e -> e.version()).containsExactly(4L, 5L, 6L);
        assertThatThrownBy(() -> target.backend().append(request("ticket-hard", AppendRequest.ANY, 1)))
                .isInstanceOf(StreamDeletedException.class);
    }

    @Test
    void an_interrupted_copy_with_states_resumes_and_verifies() {
        writeStreamsWithStates(source);
        AtomicInteger pages = new AtomicInteger();
        CopyOptions stopAfterOnePage = CopyOptions.everything().pageSize(2).onProgress(progress -> {
            if (pages.incrementAndGet() == 1) {
                throw new IllegalStateException("stopped after one page");
            }
        });

        assertThatThrownBy(() -> Annals.copy(source, target, stopAfterOnePage)).hasMessageContaining("stopped after one page");
        CopyReport resumed = Annals.copy(source, target, CopyOptions.everything().pageSize(2));

        assertThat(resumed.resumed()).isEqualTo(2);
        assertThat(resumed.verified()).isTrue();
        assertThat(target.backend().streamState("ticket-trunc")).isEqualTo(source.backend().streamState("ticket-trunc"));
        assertThat(Annals.copy(source, target, CopyOptions.everything()).verified()).as("run a third time").isTrue();
    }

    @Test
    void a_target_that_cannot_keep_deletes_is_refused_naming_the_stream_and_nothing_is_written() {
        append(source, "ticket-plain", AppendRequest.NO_STREAM, 2);
        append(source, "ticket-soft", AppendRequest.NO_STREAM, 2);
        source.backend().deleteStream("ticket-soft", 1, DeleteMode.SOFT);
        StorageBackend memory = Annals.open("memory:").backend();
        Annals withoutDeletes = new Annals(without(memory, Capability.DELETE_STREAMS, Capability.TRUNCATE_STREAMS));

        assertThatThrownBy(() -> Annals.copy(source, withoutDeletes, CopyOptions.everything()))
                .isInstanceOfSatisfying(CopyStreamStateException.class, e -> {
                    assertThat(e.stream()).isEqualTo("ticket-soft");
                    assertThat(e.state().deletedBefore()).isEqualTo(2);
                    assertThat(e.capability()).isEqualTo(Capability.DELETE_STREAMS);
                })
                .hasMessageContaining("'ticket-soft'").hasMessageContaining("soft-deleted before version 2")
                .hasMessageContaining("nothing was copied").hasMessageContaining("withoutStreamStates");
        assertThat(memory.headPosition()).isZero();

        CopyReport leftOut = Annals.copy(source, withoutDeletes, CopyOptions.everything().withoutStreamStates());

        assertThat(leftOut.verified()).isTrue();
        assertThat(leftOut.deletesLeftOut()).isTrue();
        assertThat(memory.currentVersion("ticket-soft")).as("the delete left out: the stream reads as present").hasValue(1);
    }

    @Test
    void a_truncated_stream_is_refused_by_a_target_that_cannot_keep_the_truncation_even_without_deletes() {
        append(source, "ticket-trunc", AppendRequest.NO_STREAM, 4);
        source.backend().saveSnapshot(snapshot("ticket-trunc", 2), 1);
        source.backend().truncateBefore("ticket-trunc", 2);
        StorageBackend memory = Annals.open("memory:").backend();
        Annals withoutTruncation = new Annals(without(memory, Capability.TRUNCATE_STREAMS));

        assertThatThrownBy(() -> Annals.copy(source, withoutTruncation, CopyOptions.everything().withoutStreamStates()))
                .isInstanceOfSatisfying(CopyStreamStateException.class, e -> assertThat(e.capability()).isEqualTo(Capability.TRUNCATE_STREAMS))
                .hasMessageContaining("truncated before version 2");
        assertThat(memory.headPosition()).isZero();
    }

    @Test
    void the_verification_catches_a_target_that_drops_the_marks() {
        writeStreamsWithStates(source);
        StorageBackend memory = Annals.open("memory:").backend();
        Annals forgetful = new Annals(droppingSoftDeletes(memory));

        CopyReport report = Annals.copy(source, forgetful, CopyOptions.everything());

        assertThat(report.verified()).isFalse();
        assertThat(report.target().streamStateDigest()).isNotEqualTo(report.source().streamStateDigest());
    }

    @Test
    void a_target_with_other_deletes_is_refused() {
        append(source, "ticket-plain", AppendRequest.NO_STREAM, 1);
        target.backend().deleteStream("ticket-gone", AppendRequest.ANY, DeleteMode.HARD);

        assertThatThrownBy(() -> Annals.copy(source, target, CopyOptions.everything()))
                .isInstanceOf(CopyTargetNotEmptyException.class).hasMessageContaining("'ticket-gone'");
        assertThat(target.backend().headPosition()).isZero();
    }

    /**
     * Five streams, their events interleaved: soft-deleted (3 events); soft-deleted after 2 events and written
     * again (2 more); truncated before 4 of 7; 2 events then deleted for good; plain.
     */
    private static void writeStreamsWithStates(Annals annals) {
        append(annals, "ticket-soft", AppendRequest.NO_STREAM, 2);
        append(annals, "ticket-again", AppendRequest.NO_STREAM, 2);
        append(annals, "ticket-trunc", AppendRequest.NO_STREAM, 3);
        append(annals, "ticket-hard", AppendRequest.NO_STREAM, 2);
        append(annals, "ticket-soft", 1, 1);
        annals.backend().deleteStream("ticket-again", 1, DeleteMode.SOFT);
        append(annals, "ticket-plain", AppendRequest.NO_STREAM, 2);
        append(annals, "ticket-trunc", 2, 4);
        append(annals, "ticket-again", AppendRequest.NO_STREAM, 2);
        annals.backend().deleteStream("ticket-soft", 2, DeleteMode.SOFT);
        annals.backend().saveSnapshot(snapshot("ticket-trunc", 5), 1);
        annals.backend().truncateBefore("ticket-trunc", 4);
        annals.backend().deleteStream("ticket-hard", 1, DeleteMode.HARD);
        append(annals, "ticket-plain", 1, 1);
    }

    private static void append(Annals annals, String stream, long expected, int count) {
        annals.backend().append(request(stream, expected, count));
    }

    private static AppendRequest request(String stream, long expected, int count) {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            events.add(new NewEvent(id, "noted", 1, new byte[0], ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8)));
        }
        return new AppendRequest(stream, expected, events, T0.plusMillis(APPENDS.incrementAndGet()));
    }

    private static StoredSnapshot snapshot(String stream, long version) {
        byte[] bytes = "{}".getBytes(StandardCharsets.UTF_8);
        return new StoredSnapshot(stream, version, T0.plusSeconds(version), "fp1", SnapshotHash.of(stream, version, bytes), bytes);
    }

    /** A backend that does not declare {@code missing}, as NATS does not declare deletes and truncations. */
    private static StorageBackend without(StorageBackend delegate, Capability... missing) {
        Set<Capability> absent = Set.of(missing);
        return (StorageBackend) Proxy.newProxyInstance(StorageBackend.class.getClassLoader(), new Class<?>[] {StorageBackend.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("capabilities")) {
                        Set<?> all = (Set<?>) method.invoke(delegate, args);
                        return all.stream().filter(c -> !absent.contains(c)).collect(Collectors.toUnmodifiableSet());
                    }
                    return forward(delegate, method, args);
                });
    }

    /** A backend whose record of a copied state keeps all but a soft delete. */
    private static StorageBackend droppingSoftDeletes(StorageBackend delegate) {
        return (StorageBackend) Proxy.newProxyInstance(StorageBackend.class.getClassLoader(), new Class<?>[] {StorageBackend.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("restoreStreamState")) {
                        StreamState state = (StreamState) args[1];
                        args = new Object[] {args[0], new StreamState(state.lastVersion(), 0, state.truncatedBefore(), state.hardDeleted())};
                    }
                    return forward(delegate, method, args);
                });
    }

    private static Object forward(StorageBackend delegate, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
