package dev.annals.nats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.Annals;
import dev.annals.EventData;
import dev.annals.IdCodec;
import dev.annals.StreamCategory;
import dev.annals.instrumentation.Instrumentation;
import dev.annals.keys.KeyProvider;
import dev.annals.keys.MasterKey;
import dev.annals.spi.KeyStorage;
import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.PersonalDataContract;
import dev.annals.testkit.domain.PersonEvent;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamInfoOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The conformance kit's {@link PersonalDataContract} on a store of a single nats-server, and what is
 * particular to the key stream: a forgotten key leaves no message in it, and of processes creating one
 * subject's key at once one key wins. {@link NatsForgetErasureTest} searches the server's files.
 */
class NatsPersonalDataConformanceTest extends PersonalDataContract {

    @RegisterExtension
    static final NatsFixture FIXTURE = new NatsFixture();

    private static final StreamCategory<UUID, PersonEvent> PEOPLE = StreamCategory.of("person", IdCodec.uuid(), PersonEvent.class);

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }

    @Test
    void a_forgotten_key_leaves_no_message_in_the_key_stream() throws Exception {
        NatsBackend backend = NatsFixture.openStore("keys" + UUID.randomUUID().toString().substring(0, 8));
        try (Annals annals = new Annals(backend, Instrumentation.NONE, KeyProvider.of(MasterKey.generate()))) {
            UUID ada = UUID.randomUUID();
            UUID alan = UUID.randomUUID();
            annals.eventStore(PEOPLE).append(ada, -1, List.of(EventData.of(new PersonEvent.Registered("Ada", "ada@example.org", "UK", 1))));
            annals.eventStore(PEOPLE).append(alan, -1, List.of(EventData.of(new PersonEvent.Registered("Alan", "alan@example.org", "UK", 1))));
            String adaSubject = PEOPLE.streamName(ada);
            String alanSubject = PEOPLE.streamName(alan);
            assertThat(messages(backend, adaSubject)).as("the stored key").isEqualTo(1);

            annals.forget(adaSubject);

            assertThat(messages(backend, adaSubject)).as("messages of the forgotten key").isZero();
            assertThat(messages(backend, alanSubject)).as("another subject's key").isEqualTo(1);
            assertThat(backend.keyStorage().orElseThrow().keys(null, 10)).extracting(k -> k.subject()).containsExactly(alanSubject);
            assertThat(annals.eventStore(PEOPLE).loadEvents(ada)).containsExactly(new PersonEvent.Registered(null, null, "UK", 1));
            assertThat(backend.keyStorage().orElseThrow().find(adaSubject)).isEmpty();
            assertThat(backend.keyStorage().orElseThrow().delete(adaSubject)).as("a second delete").isFalse();
        }
    }

    @Test
    void of_processes_creating_a_subjects_key_at_once_one_key_wins() throws Exception {
        String subject = "racer-" + UUID.randomUUID() + " ü.*>";
        List<NatsBackend> processes = new ArrayList<>();
        String store = "race" + UUID.randomUUID().toString().substring(0, 8);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 4; i++) {
                processes.add(NatsFixture.openStore(store));
            }
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                KeyStorage keys = processes.get(i).keyStorage().orElseThrow();
                byte[] mine = ("key of process " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                results.add(threads.submit(() -> keys.putIfAbsent(subject, mine)));
            }
            List<byte[]> returned = new ArrayList<>();
            for (Future<byte[]> result : results) {
                returned.add(result.get());
            }
            byte[] winner = processes.get(0).keyStorage().orElseThrow().find(subject).orElseThrow();
            assertThat(returned).allSatisfy(key -> assertThat(key).isEqualTo(winner));
            assertThat(processes.get(1).keyStorage().orElseThrow().keys(null, 10)).singleElement()
                    .satisfies(key -> assertThat(Map.of(key.subject(), key.wrappedKey())).containsEntry(subject, winner));
        } finally {
            threads.shutdownNow();
            processes.forEach(NatsBackend::close);
        }
    }

    /** Messages of {@code subject}'s data key in the key stream. */
    private static long messages(NatsBackend backend, String subject) throws Exception {
        JetStreamManagement jsm = backend.connection().jetStreamManagement();
        String keySubject = backend.layout().keySubject(subject);
        Map<String, Long> subjects = jsm.getStreamInfo(backend.layout().keysStream(), StreamInfoOptions.filterSubjects(keySubject))
                .getStreamState().getSubjectMap();
        return subjects == null ? 0 : subjects.getOrDefault(keySubject, 0L);
    }
}
