package dev.annals.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.SnapshotRevision;
import java.util.List;
import org.junit.jupiter.api.Test;

@SuppressWarnings("SameNameButDifferent") // versions of one type share its name on purpose
class SchemaFingerprintTest {

    record Line(String sku, int quantity) {
    }

    record Order(String id, List<Line> lines) {
    }

    static final class V2 {
        record Line(String sku, long quantity) {
        }

        record Order(String id, List<Line> lines) {
        }
    }

    static final class Renamed {
        record Order(String id, List<Line> items) {
        }
    }

    @SnapshotRevision("7")
    record Declared(String anything) {
    }

    @Test
    void the_fingerprint_is_stable_for_the_same_structure() {
        assertThat(SchemaFingerprint.of(Order.class)).isEqualTo(SchemaFingerprint.of(Order.class)).hasSize(16);
    }

    @Test
    void a_changed_type_deep_inside_changes_the_fingerprint() {
        assertThat(SchemaFingerprint.of(V2.Order.class)).isNotEqualTo(SchemaFingerprint.of(Order.class));
    }

    @Test
    void a_renamed_component_changes_the_fingerprint() {
        assertThat(SchemaFingerprint.of(Renamed.Order.class)).isNotEqualTo(SchemaFingerprint.of(Order.class));
    }

    @Test
    void a_declared_revision_replaces_the_derived_fingerprint() {
        assertThat(SchemaFingerprint.of(Declared.class)).isEqualTo("rev:7");
    }
}
