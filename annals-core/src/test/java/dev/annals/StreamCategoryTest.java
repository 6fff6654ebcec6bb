package dev.annals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class StreamCategoryTest {

    sealed interface CartEvent {
    }

    @EventType("cart-created")
    record CartCreated(String owner) implements CartEvent {
    }

    @Test
    void stream_names_are_category_dash_id_and_map_back_to_the_id() {
        var carts = StreamCategory.of("cart", IdCodec.uuid(), CartEvent.class);
        UUID id = UUID.randomUUID();

        assertThat(carts.streamName(id)).isEqualTo("cart-" + id);
        assertThat(carts.idOf("cart-" + id)).isEqualTo(id);
        assertThat(carts.contains("cart-" + id)).isTrue();
        assertThat(carts.contains("cartography-1")).isFalse();
    }

    @Test
    void a_category_name_with_a_dash_is_rejected_because_the_dash_separates_the_id() {
        assertThatThrownBy(() -> StreamCategory.of("shopping-cart", IdCodec.uuid(), CartEvent.class))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("shopping-cart");
    }

    @Test
    void an_id_of_the_wrong_type_is_rejected_by_name() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        StreamCategory<Object, CartEvent> raw = (StreamCategory) StreamCategory.of("cart", IdCodec.uuid(), CartEvent.class);

        assertThatThrownBy(() -> raw.streamName("not-a-uuid"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("java.util.UUID");
    }
}
