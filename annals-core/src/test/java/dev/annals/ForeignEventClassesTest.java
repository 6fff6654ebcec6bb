package dev.annals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Event classes one does not own (no {@link EventType}) are registered in one call on the category builder. */
class ForeignEventClassesTest {

    /** As a class generated or migrated from another store would be: no annotation, no sealed base. */
    interface LegacyEvent {
    }

    record OrderPlaced(String sku) implements LegacyEvent {
    }

    record OrderShipped(String carrier) implements LegacyEvent {
    }

    @Test
    void a_class_named_on_the_builder_is_stored_under_that_name() {
        var orders = StreamCategory.builder("order", IdCodec.uuid(), LegacyEvent.class)
                .event(OrderPlaced.class, "order-placed")
                .event(OrderShipped.class, "order-shipped")
                .build();

        try (Annals annals = Annals.open("memory:")) {
            UUID id = UUID.randomUUID();
            annals.eventStore(orders).appendEvents(id, EventStore.NO_STREAM, List.of(new OrderPlaced("x"), new OrderShipped("dhl")));

            assertThat(annals.eventStore(orders).loadEvents(id)).containsExactly(new OrderPlaced("x"), new OrderShipped("dhl"));
            assertThat(annals.eventLog().readAll(0, 10)).extracting(RecordedEvent::type).containsExactly("order-placed", "order-shipped");
        }
    }

    @Test
    void a_naming_strategy_chosen_explicitly_names_the_listed_classes() {
        var orders = StreamCategory.builder("order", IdCodec.uuid(), LegacyEvent.class)
                .naming(EventNaming.kebabCase())
                .events(OrderPlaced.class, OrderShipped.class)
                .build();

        try (Annals annals = Annals.open("memory:")) {
            annals.eventStore(orders).appendEvents(UUID.randomUUID(), EventStore.NO_STREAM, List.of(new OrderShipped("ups")));

            assertThat(annals.eventLog().readAll(0, 10)).extracting(RecordedEvent::type).containsExactly("order-shipped");
        }
    }

    @Test
    void an_unregistered_class_is_refused_with_a_message_saying_how_to_register_it() {
        var orders = StreamCategory.builder("order", IdCodec.uuid(), LegacyEvent.class)
                .event(OrderPlaced.class, "order-placed")
                .build();

        try (Annals annals = Annals.open("memory:")) {
            assertThatThrownBy(() -> annals.eventStore(orders).appendEvents(UUID.randomUUID(), -1, List.of(new OrderShipped("ups"))))
                    .isInstanceOf(UnregisteredEventClassException.class)
                    .hasMessageContaining(".event(OrderShipped.class, \"a-stable-name\")");
        }
    }

    @Test
    void a_listed_class_without_a_name_and_without_a_strategy_is_refused_when_the_category_is_built() {
        assertThatThrownBy(() -> StreamCategory.builder("order", IdCodec.uuid(), LegacyEvent.class).events(OrderPlaced.class).build())
                .isInstanceOf(UnregisteredEventClassException.class)
                .hasMessageContaining(OrderPlaced.class.getName())
                .hasMessageContaining("@EventType");
    }

    @Test
    void two_classes_under_one_name_are_refused() {
        assertThatThrownBy(() -> StreamCategory.builder("order", IdCodec.uuid(), LegacyEvent.class)
                .event(OrderPlaced.class, "same").event(OrderShipped.class, "same").build())
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("'same'");
    }

    @Test
    void a_class_outside_the_event_type_is_refused_at_once() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        StreamCategory.Builder<UUID, LegacyEvent> builder = (StreamCategory.Builder) StreamCategory.builder("order", IdCodec.uuid(), LegacyEvent.class);
        Class raw = String.class;

        assertThatThrownBy(() -> builder.event(raw, "text"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("java.lang.String");
    }
}
