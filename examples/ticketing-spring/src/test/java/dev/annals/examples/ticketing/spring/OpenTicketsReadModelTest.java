package dev.annals.examples.ticketing.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.Annals;
import dev.annals.examples.ticketing.OpenTicketsProjection;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code GET /tickets/open-by-assignee} reads on a store where the projection has not run yet. */
class OpenTicketsReadModelTest {

    @Test
    void the_read_model_of_a_new_store_is_empty_not_an_error(@TempDir Path dir) {
        try (Annals annals = Annals.open("sqlite:" + dir.resolve("annals.db"))) {
            assertThat(annals.subscriptions().readModel(OpenTicketsProjection::openByAssignee)).isEmpty();
        }
    }
}
