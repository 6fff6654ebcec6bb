package dev.annals.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.testkit.domain.TestState;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SamplesTest {

    enum Color { RED, GREEN }

    record Inner(String label, Color color) {
    }

    record Everything(String text, int i, long l, double d, boolean b, char c, BigDecimal amount, UUID id, Instant at,
            LocalDate day, Color color, List<Inner> inners, Set<String> tags, Map<String, Integer> counts,
            Optional<String> maybe, Inner inner) {
    }

    record Validated(String name) {
        Validated {
            if (name.isBlank()) {
                throw new IllegalArgumentException("blank");
            }
        }
    }

    record Unsupported(Object anything) {
    }

    @Test
    void the_same_seed_gives_equal_instances_and_different_seeds_unequal_ones() {
        assertThat(Samples.instance(Everything.class, 7)).isEqualTo(Samples.instance(Everything.class, 7));
        assertThat(Samples.instance(Everything.class, 7)).isNotEqualTo(Samples.instance(Everything.class, 8));
        assertThat(Samples.instance(TestState.class, 1)).isNotEqualTo(Samples.instance(TestState.class, 2));
    }

    @Test
    void every_component_is_filled_and_collections_hold_one_element_for_odd_seeds() {
        Everything odd = Samples.instance(Everything.class, 3);

        assertThat(odd.text()).contains("3");
        assertThat(odd.i()).isEqualTo(3);
        assertThat(odd.inners()).singleElement().extracting(Inner::label).asString().contains("3");
        assertThat(odd.tags()).hasSize(1);
        assertThat(odd.counts()).hasSize(1);
        assertThat(odd.maybe()).isPresent();
        assertThat(odd.inner()).isNotNull();
        assertThat(Samples.instance(Everything.class, 4).inners()).isEmpty();
        assertThat(Samples.instance(Validated.class, 1).name()).isNotBlank();
    }

    @Test
    void an_unsupported_component_type_is_named_in_the_error() {
        assertThatThrownBy(() -> Samples.instance(Unsupported.class, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("anything").hasMessageContaining("java.lang.Object");
    }
}
