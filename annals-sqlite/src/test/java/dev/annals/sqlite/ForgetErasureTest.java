package dev.annals.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.Annals;
import dev.annals.EventData;
import dev.annals.EventStore;
import dev.annals.IdCodec;
import dev.annals.MasterKeyException;
import dev.annals.StreamCategory;
import dev.annals.keys.FileKeyProvider;
import dev.annals.keys.KeyProvider;
import dev.annals.testkit.StoredBytes;
import dev.annals.testkit.domain.PersonEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crypto-shredding on the SQLite file itself: personal values never reach the file in clear, and after
 * {@code forget} and {@code eraseForgottenKeys} the wrapped key's bytes are in neither the database file
 * nor its write-ahead log. The same searches find the bytes before the maintenance step, which shows they
 * can fail. The master key file is created owner-only; a missing, shared or wrong one is a typed error.
 */
class ForgetErasureTest {

    private static final StreamCategory<UUID, PersonEvent> PEOPLE = StreamCategory.of("person", IdCodec.uuid(), PersonEvent.class);

    @TempDir
    Path dir;

    @Test
    void a_forgotten_key_is_absent_from_the_file_and_its_log_after_the_maintenance_step() throws IOException {
        Path file = dir.resolve("store.db");
        KeyProvider keys = FileKeyProvider.openOrCreate(FileKeyProvider.besideStore(file));
        UUID ada = UUID.randomUUID();
        UUID alan = UUID.randomUUID();
        try (Annals annals = new Annals(new SqliteBackend(file), dev.annals.instrumentation.Instrumentation.NONE, keys)) {
            EventStore<UUID, PersonEvent> people = annals.eventStore(PEOPLE);
            people.append(ada, -1, List.of(EventData.of(new PersonEvent.Registered("Ada Lovelace", "ada@example.org", "Londonderry", 1))));
            people.append(alan, -1, List.of(EventData.of(new PersonEvent.Registered("Alan Turing", "alan@example.org", "Wilmslow", 1))));
            byte[] adaKey = annals.backend().keyStorage().orElseThrow().find(PEOPLE.streamName(ada)).orElseThrow();
            byte[] alanKey = annals.backend().keyStorage().orElseThrow().find(PEOPLE.streamName(alan)).orElseThrow();

            assertThat(found(file, "Londonderry".getBytes(StandardCharsets.UTF_8))).as("an unmarked value, in clear").isTrue();
            assertThat(found(file, "Ada Lovelace".getBytes(StandardCharsets.UTF_8))).as("a marked value").isFalse();
            assertThat(found(file, "ada@example.org".getBytes(StandardCharsets.UTF_8))).as("a marked value").isFalse();
            assertThat(found(file, adaKey)).as("the wrapped key, stored").isTrue();

            annals.forget(PEOPLE.streamName(ada));
            assertThat(found(file, adaKey)).as("the deleted key's older pages, still in the log").isTrue();

            annals.eraseForgottenKeys();

            assertThat(found(file, adaKey)).as("the forgotten key").isFalse();
            assertThat(found(file, alanKey)).as("another subject's key").isTrue();
            assertThat(people.loadEvents(ada)).containsExactly(new PersonEvent.Registered(null, null, "Londonderry", 1));
            assertThat(people.loadEvents(alan)).containsExactly(
                    new PersonEvent.Registered("Alan Turing", "alan@example.org", "Wilmslow", 1));
        }
        try (Annals reopened = new Annals(new SqliteBackend(file), dev.annals.instrumentation.Instrumentation.NONE, keys)) {
            assertThat(reopened.eventStore(PEOPLE).loadEvents(ada)).containsExactly(
                    new PersonEvent.Registered(null, null, "Londonderry", 1));
        }
    }

    @Test
    void the_key_file_is_owner_only_and_a_missing_shared_or_wrong_one_is_a_typed_error() throws IOException {
        Path file = dir.resolve("keyed.db");
        Path keyFile = FileKeyProvider.besideStore(file);
        assertThatThrownBy(() -> FileKeyProvider.open(keyFile)).isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("does not exist");
        KeyProvider keys = FileKeyProvider.openOrCreate(keyFile);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        UUID id = UUID.randomUUID();
        try (Annals annals = new Annals(new SqliteBackend(file), dev.annals.instrumentation.Instrumentation.NONE, keys)) {
            annals.eventStore(PEOPLE).append(id, -1, List.of(EventData.of(new PersonEvent.Registered("Grace", "g@example.org", "US", 1))));
        }
        Path otherKey = dir.resolve("other.key");
        try (Annals wrong = new Annals(new SqliteBackend(file), dev.annals.instrumentation.Instrumentation.NONE,
                FileKeyProvider.openOrCreate(otherKey))) {
            assertThatThrownBy(() -> wrong.eventStore(PEOPLE).loadEvents(id)).isInstanceOf(MasterKeyException.class)
                    .hasMessageContaining("master key does not open");
        }
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> FileKeyProvider.open(keyFile)).isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("readable by others");
        Files.writeString(otherKey, "not a key\n");
        assertThatThrownBy(() -> FileKeyProvider.open(otherKey)).isInstanceOf(MasterKeyException.class);
    }

    /** Whether {@code bytes} occur in the database file or its write-ahead log. */
    private static boolean found(Path file, byte[] bytes) throws IOException {
        for (Path part : List.of(file, file.resolveSibling(file.getFileName() + "-wal"))) {
            if (StoredBytes.foundIn(part, bytes)) {
                return true;
            }
        }
        return false;
    }
}
