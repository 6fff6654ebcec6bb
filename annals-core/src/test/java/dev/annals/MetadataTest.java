package dev.annals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.internal.MetadataCodec;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MetadataTest {

    @Test
    void metadata_round_trips_and_empty_metadata_takes_no_bytes() {
        Metadata metadata = Metadata.EMPTY.withCorrelationId(UUID.randomUUID()).withCausationId(UUID.randomUUID())
                .withActor("alice").with("tenant", "acme");

        assertThat(MetadataCodec.read(MetadataCodec.write(metadata))).isEqualTo(metadata);
        assertThat(MetadataCodec.write(Metadata.EMPTY)).isEmpty();
        assertThat(MetadataCodec.read(new byte[0])).isEqualTo(Metadata.EMPTY);
    }
}
