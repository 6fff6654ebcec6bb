package dev.annals.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PurgeOptions;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Why deletes need the appends serialized across the store, and so are declared on a replicated store only
 * (see the README and {@code NatsClusterDeleteTest}): the one-message-per-subject limit that serializes the
 * appends to a stream holds only while the message is there. Once a commit's message is purged or deleted, the
 * server stores a new message on its subject, so an append decided on that commit would be stored after the
 * removal. If a nats-server version keeps the subject closed, this test fails and the reason is gone.
 */
class FreedSubjectTest {

    @Test
    void a_subject_takes_a_message_again_once_its_message_is_purged_or_deleted() throws Exception {
        try (NatsBackend backend = NatsFixture.openStore("freed" + UUID.randomUUID().toString().substring(0, 8))) {
            JetStream js = backend.connection().jetStream();
            JetStreamManagement jsm = backend.connection().jetStreamManagement();
            String events = backend.layout().eventsStream();
            String purged = backend.layout().subject("purged", 1);
            String deleted = backend.layout().subject("deleted", 1);
            byte[] body = "a commit".getBytes(StandardCharsets.UTF_8);

            js.publish(purged, body);
            long first = js.publish(deleted, body).getSeqno();
            assertThatThrownBy(() -> js.publish(purged, body)).as("a second message while the first is there")
                    .isInstanceOfSatisfying(JetStreamApiException.class,
                            e -> assertThat(e.getApiErrorCode()).isEqualTo(JetStreamCalls.SUBJECT_FULL));

            jsm.purgeStream(events, PurgeOptions.subject(purged));
            jsm.deleteMessage(events, first, true);

            assertThat(js.publish(purged, body).getSeqno()).as("stored on the purged subject").isPositive();
            assertThat(js.publish(deleted, body).getSeqno()).as("stored on the subject of the erased message").isPositive();
        }
    }
}
