package dev.annals.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A store keeps the replicas it was made with: opened again by a URL that does not name them (or names
 * others), it still takes the precautions of a replicated store (appends serialized across the store, claims
 * checked, reads kept on the leader), which the URL's default of one replica would switch off.
 */
class ExistingStoreReplicasTest {

    @Test
    void a_replicated_store_opened_by_a_url_without_replicas_is_still_replicated() {
        String store = "again" + UUID.randomUUID().toString().substring(0, 8);
        try (NatsBackend made = NatsBackend.open(NatsSettings.parse(TestServers.cluster().url("store=" + store + "&replicas=3")), true);
                NatsBackend opened = NatsBackend.open(NatsSettings.parse(TestServers.cluster().url("store=" + store)), false)) {
            assertThat(made.natsSettings().replicas()).isEqualTo(3);
            assertThat(opened.natsSettings().replicas()).isEqualTo(3);
            assertThat(opened.settings()).containsEntry("replicas", "3");
        }
    }
}
