package dev.annals.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.Annals;
import dev.annals.AppendResult;
import dev.annals.DuplicateEventIdException;
import dev.annals.Metadata;
import dev.annals.SerializationException;
import dev.annals.internal.MetadataCodec;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StorageBackend;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SystemMetadataTest {

    private static final String TRACE_A = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final String TRACE_B = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void the_system_part_is_written_beside_the_user_metadata_and_read_back_without_it() {
        Metadata user = Metadata.EMPTY.withActor("alice").with("tenant", "t1");
        byte[] stored = MetadataCodec.write(user, TRACE_A);

        assertThat(new String(stored, StandardCharsets.UTF_8)).contains("\"$system\":{\"traceparent\":\"" + TRACE_A + "\"}");
        assertThat(SystemMetadata.get(stored, SystemMetadata.TRACEPARENT)).contains(TRACE_A);
        assertThat(MetadataCodec.read(stored)).isEqualTo(user);
        assertThat(SystemMetadata.get(MetadataCodec.write(user), SystemMetadata.TRACEPARENT)).isEmpty();
        assertThat(SystemMetadata.get(new byte[0], SystemMetadata.TRACEPARENT)).isEmpty();
        assertThat(SystemMetadata.get("not json $system".getBytes(StandardCharsets.UTF_8), SystemMetadata.TRACEPARENT)).isEmpty();
    }

    @Test
    void with_adds_to_raw_metadata_and_refuses_what_is_no_json_object() {
        byte[] raw = SystemMetadata.with("{\"k\":\"v\"}".getBytes(StandardCharsets.UTF_8), SystemMetadata.TRACEPARENT, TRACE_A);
        assertThat(new String(raw, StandardCharsets.UTF_8)).isEqualTo("{\"k\":\"v\",\"$system\":{\"traceparent\":\"" + TRACE_A + "\"}}");
        assertThat(SystemMetadata.get(SystemMetadata.with(new byte[0], "x", "y"), "x")).contains("y");
        assertThatThrownBy(() -> SystemMetadata.with("[1]".getBytes(StandardCharsets.UTF_8), "x", "y"))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void user_metadata_is_the_same_whatever_the_system_part_and_different_when_the_user_part_differs() {
        Metadata alice = Metadata.EMPTY.withActor("alice");
        assertThat(SystemMetadata.sameUserMetadata(MetadataCodec.write(alice, TRACE_A), MetadataCodec.write(alice, TRACE_B))).isTrue();
        assertThat(SystemMetadata.sameUserMetadata(MetadataCodec.write(alice, TRACE_A), MetadataCodec.write(alice))).isTrue();
        assertThat(SystemMetadata.sameUserMetadata(MetadataCodec.write(Metadata.EMPTY, TRACE_A), new byte[0])).isTrue();

        Metadata bob = Metadata.EMPTY.withActor("bob");
        assertThat(SystemMetadata.sameUserMetadata(MetadataCodec.write(alice, TRACE_A), MetadataCodec.write(bob, TRACE_A))).isFalse();
        assertThat(SystemMetadata.sameUserMetadata(MetadataCodec.write(alice, TRACE_A), MetadataCodec.write(bob))).isFalse();
        assertThat(SystemMetadata.sameUserMetadata(MetadataCodec.write(Metadata.EMPTY, TRACE_A), MetadataCodec.write(bob))).isFalse();
        // Without a system part on either side, only equal bytes are the same metadata (the rule before system metadata).
        assertThat(SystemMetadata.sameUserMetadata("{\"a\":1,\"b\":2}".getBytes(StandardCharsets.UTF_8),
                "{\"b\":2,\"a\":1}".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void a_retry_stamped_with_another_trace_is_a_retry_and_one_with_other_user_metadata_is_a_duplicate() {
        try (Annals annals = Annals.open("memory:")) {
            StorageBackend backend = annals.backend();
            UUID id = UUID.randomUUID();
            byte[] payload = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);
            Metadata user = Metadata.EMPTY.withActor("alice");
            AppendResult first = backend.append(request(id, MetadataCodec.write(user, TRACE_A), payload));

            byte[] retried = MetadataCodec.write(user, TRACE_B);
            assertThat(Arrays.equals(retried, backend.readAll(0, 1).get(0).metadata()))
                    .as("the bytes differ, so a byte comparison would refuse this retry").isFalse();
            AppendResult retry = backend.append(request(id, retried, payload));
            assertThat(retry.duplicate()).isTrue();
            assertThat(retry.positions()).isEqualTo(first.positions());
            assertThat(SystemMetadata.get(backend.readAll(0, 1).get(0).metadata(), SystemMetadata.TRACEPARENT)).contains(TRACE_A);

            assertThatThrownBy(() -> backend.append(request(id, MetadataCodec.write(Metadata.EMPTY.withActor("bob"), TRACE_A), payload)))
                    .isInstanceOf(DuplicateEventIdException.class);
        }
    }

    private static AppendRequest request(UUID id, byte[] metadata, byte[] payload) {
        return new AppendRequest("s-1", AppendRequest.NO_STREAM, List.of(new NewEvent(id, "t", 1, metadata, payload)),
                Instant.parse("2026-12-01T10:00:00Z"));
    }
}
