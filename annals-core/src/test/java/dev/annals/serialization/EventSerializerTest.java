package dev.annals.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.EventType;
import dev.annals.SerializationException;
import dev.annals.UnknownEventTypeException;
import dev.annals.spi.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventSerializerTest {

    sealed interface AccountEvent {
    }

    /** Version 3: v1 had "owner", v2 renamed it to "holder", v3 added "currency". */
    @EventType(value = "account-opened", version = 3, aliases = "AccountCreated")
    record AccountOpened(UUID id, String holder, String currency, Instant at, Optional<String> note) implements AccountEvent {
    }

    private static final Upcaster V1_TO_V2 = Upcaster.of("account-opened", 1, json -> {
        json.set("holder", json.remove("owner"));
        return json;
    });
    private static final Upcaster V2_TO_V3 = Upcaster.of("account-opened", 2, json -> json.put("currency", "EUR"));

    private final EventSerializer serializer =
            new EventSerializer(EventTypeRegistry.of(AccountEvent.class), new JsonCodec(), List.of(V1_TO_V2, V2_TO_V3));

    @Test
    void records_with_java_time_uuid_and_optional_round_trip() {
        var event = new AccountOpened(UUID.randomUUID(), "ada", "GBP", Instant.parse("2026-01-02T03:04:05.123456Z"), Optional.of("vip"));

        Object read = serializer.deserialize(stored("account-opened", 3, new String(serializer.serialize(event), StandardCharsets.UTF_8)));

        assertThat(read).isEqualTo(event);
    }

    @Test
    void a_version_1_event_stored_under_its_old_name_is_upcast_into_the_current_class() {
        UUID id = UUID.randomUUID();
        String v1 = "{\"id\":\"" + id + "\",\"owner\":\"ada\",\"at\":\"2020-01-01T00:00:00Z\"}";

        Object read = serializer.deserialize(stored("AccountCreated", 1, v1));

        assertThat(read).isEqualTo(new AccountOpened(id, "ada", "EUR", Instant.parse("2020-01-01T00:00:00Z"), Optional.empty()));
    }

    @Test
    void an_unknown_type_name_is_an_error_naming_the_type_and_the_stream() {
        assertThatThrownBy(() -> serializer.deserialize(stored("account-frozen", 1, "{}")))
                .isInstanceOf(UnknownEventTypeException.class)
                .hasMessageContaining("account-frozen")
                .hasMessageContaining("account-42");
    }

    @Test
    void an_event_from_a_newer_schema_is_refused_clearly() {
        assertThatThrownBy(() -> serializer.deserialize(stored("account-opened", 4, "{}")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("newer");
    }

    @Test
    void a_missing_upcaster_is_named() {
        var withoutV1 = new EventSerializer(EventTypeRegistry.of(AccountEvent.class), new JsonCodec(), List.of(V2_TO_V3));

        assertThatThrownBy(() -> withoutV1.deserialize(stored("account-opened", 1, "{}")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("No upcaster for 'account-opened' from schema version 1");
    }

    @Test
    void malformed_stored_json_is_a_serialization_error_not_a_jackson_crash() {
        assertThatThrownBy(() -> serializer.deserialize(stored("account-opened", 3, "{not json")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("account-42");
    }

    private static StoredEvent stored(String type, int schemaVersion, String json) {
        return new StoredEvent("account-42", 0, 1, UUID.randomUUID(), type, schemaVersion, Instant.now(), new byte[0],
                json.getBytes(StandardCharsets.UTF_8));
    }
}
