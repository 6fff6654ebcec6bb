package dev.annals.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annals.Annals;
import dev.annals.InvalidArgumentException;
import dev.annals.SnapshotVerification;
import dev.annals.StoreInspector.SnapshotRecord;
import dev.annals.examples.ticketing.TicketingCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SnapshotVerification#foldedState}, which the stream page diffs a snapshot against, and {@link JsonDiff}. */
class FoldedStateTest {

    @Test
    void the_folded_state_is_what_a_right_snapshot_holds_and_differs_from_a_wrong_one_where_it_was_changed() {
        try (Annals annals = Annals.open("memory:")) {
            Stores.demo(annals, 0, 250);
            SnapshotVerification verification = new SnapshotVerification(annals, new TicketingCatalog().aggregates());
            SnapshotRecord right = annals.inspect().snapshots(Stores.longTicket()).get(0);
            JsonNode folded = verification.foldedState(Stores.longTicket(), right.version()).orElseThrow();
            assertThat(folded).isEqualTo(right.state());
            assertThat(JsonDiff.of(right.state(), folded)).isEmpty();

            long version = Stores.wrongSnapshot(annals);
            SnapshotRecord wrong = annals.inspect().snapshots(Stores.longTicket()).get(0);
            assertThat(wrong.version()).isEqualTo(version);
            List<JsonDiff.Difference> differences = JsonDiff.of(wrong.state(), verification.foldedState(Stores.longTicket(), version)
                    .orElseThrow());
            assertThat(differences).extracting(JsonDiff.Difference::pointer).containsExactly("/title");

            assertThat(verification.foldedState("invoice-1", 0)).isEmpty();
            assertThatThrownBy(() -> verification.foldedState(Stores.longTicket(), 10_000)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("ends at version 249");
        }
    }

    @Test
    void a_diff_names_added_removed_and_changed_values_by_json_pointer() throws Exception {
        JsonNode left = JsonText.MAPPER.readTree("{\"a\":1,\"b\":[1,2],\"c/d\":{\"x\":true},\"gone\":0}");
        JsonNode right = JsonText.MAPPER.readTree("{\"a\":2,\"b\":[1],\"c/d\":{\"x\":true},\"new\":null}");
        assertThat(JsonDiff.of(left, right)).extracting(JsonDiff.Difference::pointer).containsExactly("/a", "/b/1", "/gone", "/new");
    }
}
