package dev.annals.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.EventType;
import dev.annals.InvalidArgumentException;
import dev.annals.UnregisteredEventClassException;
import org.junit.jupiter.api.Test;

class EventTypeRegistryTest {

    sealed interface Shape permits Circle, Polygon {
    }

    @EventType(value = "circle", aliases = "round-thing")
    record Circle(double radius) implements Shape {
    }

    sealed interface Polygon extends Shape permits Square, Triangle {
    }

    @EventType(value = "square", version = 2)
    record Square(double side) implements Polygon {
    }

    @EventType("triangle")
    record Triangle(double base, double height) implements Polygon {
    }

    record Unannotated(int x) {
    }

    @EventType("circle")
    record Impostor(int x) {
    }

    @Test
    void a_sealed_hierarchy_registers_every_concrete_class_under_its_declared_name() {
        EventTypeRegistry registry = EventTypeRegistry.of(Shape.class);

        assertThat(registry.types()).extracting(EventTypeInfo::name).containsExactlyInAnyOrder("circle", "square", "triangle");
        assertThat(registry.infoFor(Square.class).schemaVersion()).isEqualTo(2);
        assertThat(registry.find("triangle")).map(EventTypeInfo::eventClass).contains(Triangle.class);
    }

    @Test
    void an_alias_reads_into_the_renamed_class() {
        EventTypeRegistry registry = EventTypeRegistry.of(Shape.class);

        assertThat(registry.find("round-thing")).map(EventTypeInfo::eventClass).contains(Circle.class);
        assertThat(registry.infoFor(Circle.class).name()).isEqualTo("circle");
    }

    @Test
    void the_java_class_name_is_never_used_by_default() {
        assertThatThrownBy(() -> EventTypeRegistry.builder().register(Unannotated.class))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining(Unannotated.class.getName())
                .hasMessageContaining("@EventType");
        assertThat(EventTypeRegistry.of(Shape.class).find(Circle.class.getName())).isEmpty();
    }

    @Test
    void explicit_registration_gives_a_name_without_an_annotation() {
        EventTypeRegistry registry = EventTypeRegistry.builder().register(Unannotated.class, "plain", 1).build();

        assertThat(registry.infoFor(Unannotated.class).name()).isEqualTo("plain");
    }

    @Test
    void two_classes_under_one_name_are_rejected() {
        assertThatThrownBy(() -> EventTypeRegistry.builder().registerHierarchy(Shape.class).register(Impostor.class))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("'circle'");
    }

    @Test
    void an_unregistered_class_is_a_typed_error_naming_it() {
        assertThatThrownBy(() -> EventTypeRegistry.of(Shape.class).infoFor(Unannotated.class))
                .isInstanceOf(UnregisteredEventClassException.class)
                .hasMessageContaining(Unannotated.class.getName());
    }
}
