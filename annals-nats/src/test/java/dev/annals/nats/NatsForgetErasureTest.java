package dev.annals.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.Annals;
import dev.annals.EventData;
import dev.annals.EventStore;
import dev.annals.IdCodec;
import dev.annals.StoreOpenException;
import dev.annals.StreamCategory;
import dev.annals.instrumentation.Instrumentation;
import dev.annals.keys.KeyProvider;
import dev.annals.keys.MasterKey;
import dev.annals.spi.KeyStorage;
import dev.annals.testkit.StoredBytes;
import dev.annals.testkit.domain.PersonEvent;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValue;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Crypto-shredding on the server's own files: after {@code forget} and {@code eraseForgottenKeys} the wrapped
 * key's bytes are in no file under the nats-server's {@code store_dir} (block files, indexes, everything),
 * because the key's message is removed with JetStream's erasing delete. The same search still finds the bytes
 * of a key removed by a plain delete, which shows it can fail. A key stream that denies single-message
 * deletes is refused when the store opens, and the keys of a store made when they were kept in a KV bucket
 * are moved out of it on open, the bucket's files removed.
 */
class NatsForgetErasureTest {

    private static final StreamCategory<UUID, PersonEvent> PEOPLE = StreamCategory.of("person", IdCodec.uuid(), PersonEvent.class);
    /** How long the server may take to write a stored message to its block file. */
    private static final Duration WRITTEN = Duration.ofSeconds(5);

    @Test
    void a_forgotten_key_is_in_no_file_of_the_server_after_the_maintenance_step() throws Exception {
        NatsBackend backend = NatsFixture.openStore(fresh("erase"));
        try (Annals annals = new Annals(backend, Instrumentation.NONE, KeyProvider.of(MasterKey.generate()))) {
            EventStore<UUID, PersonEvent> people = annals.eventStore(PEOPLE);
            UUID ada = UUID.randomUUID();
            UUID alan = UUID.randomUUID();
            people.append(ada, -1, List.of(EventData.of(new PersonEvent.Registered("Ada Lovelace", "ada@example.org", "Londonderry", 1))));
            people.append(alan, -1, List.of(EventData.of(new PersonEvent.Registered("Alan Turing", "alan@example.org", "Wilmslow", 1))));
            byte[] adaKey = annals.backend().keyStorage().orElseThrow().find(PEOPLE.streamName(ada)).orElseThrow();
            byte[] alanKey = annals.backend().keyStorage().orElseThrow().find(PEOPLE.streamName(alan)).orElseThrow();

            assertThat(awaitFound("Londonderry".getBytes(StandardCharsets.UTF_8))).as("an unmarked value, in clear").isTrue();
            assertThat(found("ada@example.org".getBytes(StandardCharsets.UTF_8))).as("a marked value").isFalse();
            assertThat(awaitFound(adaKey)).as("the wrapped key, stored").isTrue();

            annals.forget(PEOPLE.streamName(ada));
            annals.eraseForgottenKeys();

            assertThat(found(adaKey)).as("the forgotten key").isFalse();
            assertThat(found(alanKey)).as("another subject's key").isTrue();
            assertThat(people.loadEvents(ada)).containsExactly(new PersonEvent.Registered(null, null, "Londonderry", 1));
            assertThat(people.loadEvents(alan)).containsExactly(
                    new PersonEvent.Registered("Alan Turing", "alan@example.org", "Wilmslow", 1));
        }
    }

    @Test
    void the_search_finds_a_key_removed_by_a_plain_delete() throws Exception {
        try (NatsBackend backend = NatsFixture.openStore(fresh("plain"))) {
            JetStreamCalls calls = new JetStreamCalls(backend.connection().jetStream(), backend.connection().jetStreamManagement());
            KeyStorage plain = new NatsKeys(calls, backend.layout(), Duration.ofSeconds(5), false, NatsKeys.Removal.PLAIN);
            byte[] key = new byte[64];
            byte[] kept = new byte[64];
            new SecureRandom().nextBytes(key);
            new SecureRandom().nextBytes(kept);
            plain.putIfAbsent("subject-1", key);
            plain.putIfAbsent("subject-2", kept); // the block keeps a message, as a store with keys left does
            assertThat(awaitFound(key)).as("the key, stored").isTrue();

            assertThat(plain.delete("subject-1")).isTrue();
            plain.eraseDeleted();

            assertThat(plain.find("subject-1")).as("no read returns it").isEmpty();
            Thread.sleep(WRITTEN.toMillis());
            assertThat(found(key)).as("the bytes of a key deleted without erasing, still in a block file").isTrue();
        }
    }

    @Test
    void a_key_stream_that_denies_deletes_is_refused_on_open() throws Exception {
        String store = fresh("deny");
        StoreLayout layout = new StoreLayout(store);
        try (NatsBackend other = NatsFixture.openStore(fresh("admin"))) {
            JetStreamManagement jsm = other.connection().jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name(layout.keysStream()).subjects(layout.allKeySubjects())
                    .storageType(StorageType.File).maxMessagesPerSubject(1).discardPolicy(DiscardPolicy.New).discardNewPerSubject(true)
                    .denyDelete(true).build());
            try {
                assertThatThrownBy(() -> NatsFixture.openStore(store)).isInstanceOf(StoreOpenException.class)
                        .hasMessageContaining(layout.keysStream()).hasMessageContaining("deny_delete");
            } finally {
                jsm.deleteStream(layout.keysStream());
                for (String stream : List.of(layout.eventsStream(), layout.idsStream(), "KV_" + layout.snapshotBucket(),
                        "KV_" + layout.subscriptionBucket())) {
                    deleteQuietly(jsm, stream);
                }
            }
        }
    }

    @Test
    void the_keys_of_a_store_that_kept_them_in_a_bucket_are_moved_on_open() throws Exception {
        String store = fresh("moved");
        String subject = "person-" + UUID.randomUUID() + " ü.*>";
        byte[] key = new byte[48];
        new SecureRandom().nextBytes(key);
        try (NatsBackend first = NatsFixture.openStore(store)) {
            var kvm = first.connection().keyValueManagement();
            kvm.create(KeyValueConfiguration.builder().name(first.layout().keyBucket()).maxHistoryPerKey(1)
                    .storageType(StorageType.File).build());
            KeyValue bucket = first.connection().keyValue(first.layout().keyBucket());
            bucket.put(StoreLayout.encode(subject), key);
        }
        try (NatsBackend reopened = NatsFixture.openStore(store)) {
            assertThat(reopened.keyStorage().orElseThrow().find(subject)).hasValueSatisfying(found -> assertThat(found).isEqualTo(key));
            assertThatThrownBy(() -> reopened.connection().jetStreamManagement().getStreamInfo("KV_" + reopened.layout().keyBucket()))
                    .as("the bucket, removed").isInstanceOfSatisfying(JetStreamApiException.class,
                            e -> assertThat(e.getApiErrorCode()).isEqualTo(JetStreamCalls.NO_STREAM));
        }
    }

    private static String fresh(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void deleteQuietly(JetStreamManagement jsm, String stream) throws IOException {
        try {
            jsm.deleteStream(stream);
        } catch (JetStreamApiException e) {
            // not made: the open was refused before it
        }
    }

    /** Whether {@code bytes} occur in some file under the server's store directory, waiting for the server to write them. */
    private static boolean awaitFound(byte[] bytes) throws IOException, InterruptedException {
        long end = System.nanoTime() + WRITTEN.toNanos();
        while (!found(bytes)) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Whether {@code bytes} occur in some file under the server's store directory (searched again when the server removed a directory meanwhile). */
    private static boolean found(byte[] bytes) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return foundOnce(bytes);
            } catch (java.io.UncheckedIOException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static boolean foundOnce(byte[] bytes) throws IOException {
        return StoredBytes.foundBelow(TestServers.single().storeDir(), bytes);
    }
}
