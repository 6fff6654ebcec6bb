package dev.annals.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.Annals;
import dev.annals.EventData;
import dev.annals.EventStore;
import dev.annals.IdCodec;
import dev.annals.StreamCategory;
import dev.annals.keys.KeyProvider;
import dev.annals.keys.MasterKey;
import dev.annals.testkit.domain.PersonEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Crypto-shredding on the server's files: personal values never reach the events table's file in clear,
 * and after {@code forget} and {@code eraseForgottenKeys} ({@code VACUUM FULL} of the key table) the
 * wrapped key's bytes are not in the key table's relation file ({@code pg_relation_filepath} under the
 * data directory, read after a {@code CHECKPOINT}). The same search finds them after the delete alone,
 * as a dead tuple, which shows it can fail.
 */
class ForgetErasureTest {

    private static final StreamCategory<UUID, PersonEvent> PEOPLE = StreamCategory.of("person", IdCodec.uuid(), PersonEvent.class);

    private final String schema = PgServer.newSchema(ForgetErasureTest.class);

    @AfterEach
    void dropSchema() {
        PgServer.get().dropSchema(schema);
    }

    @Test
    void a_forgotten_key_is_absent_from_the_key_tables_file_after_the_maintenance_step() throws Exception {
        UUID ada = UUID.randomUUID();
        UUID alan = UUID.randomUUID();
        try (Annals annals = Annals.open(PgServer.get().url(schema, "poolSize=2"), KeyProvider.of(MasterKey.generate()))) {
            EventStore<UUID, PersonEvent> people = annals.eventStore(PEOPLE);
            people.append(ada, -1, List.of(EventData.of(new PersonEvent.Registered("Ada Lovelace", "ada@example.org", "Londonderry", 1))));
            people.append(alan, -1, List.of(EventData.of(new PersonEvent.Registered("Alan Turing", "alan@example.org", "Wilmslow", 1))));
            byte[] adaKey = annals.backend().keyStorage().orElseThrow().find(PEOPLE.streamName(ada)).orElseThrow();
            byte[] alanKey = annals.backend().keyStorage().orElseThrow().find(PEOPLE.streamName(alan)).orElseThrow();

            assertThat(inFile("events", "Londonderry".getBytes(StandardCharsets.UTF_8))).as("an unmarked value, in clear").isTrue();
            assertThat(inFile("events", "Ada Lovelace".getBytes(StandardCharsets.UTF_8))).as("a marked value").isFalse();
            assertThat(inFile("events", "ada@example.org".getBytes(StandardCharsets.UTF_8))).as("a marked value").isFalse();
            assertThat(inFile("data_keys", adaKey)).as("the wrapped key, stored").isTrue();

            annals.forget(PEOPLE.streamName(ada));
            assertThat(inFile("data_keys", adaKey)).as("the deleted key, a dead tuple until vacuumed").isTrue();

            annals.eraseForgottenKeys();

            assertThat(inFile("data_keys", adaKey)).as("the forgotten key").isFalse();
            assertThat(inFile("data_keys", alanKey)).as("another subject's key").isTrue();
            assertThat(people.loadEvents(ada)).containsExactly(new PersonEvent.Registered(null, null, "Londonderry", 1));
            assertThat(people.loadEvents(alan)).containsExactly(
                    new PersonEvent.Registered("Alan Turing", "alan@example.org", "Wilmslow", 1));
        }
    }

    /** Whether {@code bytes} occur in the relation file of {@code table}, after a checkpoint wrote every dirty page. */
    private boolean inFile(String table, byte[] bytes) throws SQLException, IOException {
        Path file;
        try (Connection c = PgServer.get().connect(); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
            try (ResultSet rs = s.executeQuery("SELECT current_setting('data_directory') || '/' || pg_relation_filepath('"
                    + schema + "." + table + "')")) {
                rs.next();
                file = Path.of(rs.getString(1));
            }
        }
        byte[] content = Files.readAllBytes(file);
        outer:
        for (int i = 0; i <= content.length - bytes.length; i++) {
            for (int j = 0; j < bytes.length; j++) {
                if (content[i + j] != bytes[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
