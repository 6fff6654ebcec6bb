package dev.annals.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.Annals;
import dev.annals.UnsupportedCapabilityException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.BackendStats;
import dev.annals.spi.BackendProvider;
import dev.annals.spi.Capability;
import dev.annals.spi.NewEvent;
import dev.annals.spi.ScratchStore;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoreInspection;
import dev.annals.spi.StreamInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The memory backend's scratch store and settings, and the SPI's defaults for a backend that has neither. */
class MemoryScratchStoreTest {

    @Test
    void a_scratch_store_is_empty_and_distinct_from_the_store_it_was_made_for() {
        try (Annals original = Annals.open("memory:")) {
            original.backend().append(oneEvent("ticket-1"));
            try (ScratchStore scratch = new MemoryBackendProvider().scratch("memory:"); Annals fresh = Annals.open(scratch.url())) {
                assertThat(fresh.inspect().stats().events()).isZero();
                fresh.backend().append(oneEvent("ticket-2"));
                assertThat(original.inspect().stats().events()).isEqualTo(1);
                assertThat(original.backend().currentVersion("ticket-2")).isEmpty();
            }
        }
    }

    @Test
    void the_settings_say_that_a_memory_store_is_not_durable_and_reach_the_inspector_through_the_argument_checks() {
        try (Annals annals = Annals.open("memory:")) {
            assertThat(annals.inspect().settings()).containsKey("durability");
            assertThat(annals.inspect().settings().get("durability")).startsWith("none");
            assertThat(annals.capabilities()).contains(Capability.SCRATCH_STORES);
        }
    }

    @Test
    void a_backend_without_scratch_stores_refuses_naming_itself_and_shows_no_settings() {
        BackendProvider bare = new BackendProvider() {
            @Override
            public String urlForm() {
                return "bare:NAME";
            }

            @Override
            public boolean accepts(String url) {
                return url.startsWith("bare:");
            }

            @Override
            public StorageBackend open(String url) {
                return new MemoryBackend();
            }
        };

        assertThatThrownBy(() -> bare.scratch("bare:x"))
                .isInstanceOfSatisfying(UnsupportedCapabilityException.class,
                        e -> assertThat(e.capability()).isEqualTo(Capability.SCRATCH_STORES))
                .hasMessageContaining("bare:NAME");
        StoreInspection withoutSettings = new StoreInspection() {
            @Override
            public List<StreamInfo> listStreams(String afterStream, int limit) {
                return List.of();
            }

            @Override
            public BackendStats stats() {
                return new BackendStats(0, 0, 0, 0, -1);
            }

            @Override
            public String describe() {
                return "bare:x";
            }
        };
        assertThat(withoutSettings.settings()).isEmpty();
    }

    private static AppendRequest oneEvent(String stream) {
        NewEvent event = new NewEvent(UUID.randomUUID(), "commented", 1, new byte[0], "{}".getBytes(StandardCharsets.UTF_8));
        return new AppendRequest(stream, AppendRequest.NO_STREAM, List.of(event), Instant.now());
    }
}
