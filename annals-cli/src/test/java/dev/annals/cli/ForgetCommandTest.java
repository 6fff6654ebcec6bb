package dev.annals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.Annals;
import dev.annals.EventData;
import dev.annals.EventType;
import dev.annals.IdCodec;
import dev.annals.PersonalData;
import dev.annals.StreamCategory;
import dev.annals.keys.FileKeyProvider;
import dev.annals.keys.KeyProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code annals forget} on a real SQLite store: confirmation, a wrong key file, and the forgotten values afterwards. */
class ForgetCommandTest {

    /** An event with one personal value. */
    @EventType("cli-person-registered")
    record Registered(@PersonalData @Nullable String name, String country) {
    }

    private static final StreamCategory<UUID, Registered> PEOPLE = StreamCategory.of("person", IdCodec.uuid(), Registered.class);

    @TempDir
    Path dir;

    private final Confirmation.Terminal system = Confirmation.terminal;

    @AfterEach
    void restoreTheTerminal() {
        Confirmation.terminal = system;
    }

    private Path file() {
        return dir.resolve("annals.db");
    }

    private String store() {
        return "sqlite:" + file();
    }

    private KeyProvider keys() {
        return FileKeyProvider.openOrCreate(FileKeyProvider.besideStore(file()));
    }

    private List<Registered> load(UUID id) {
        try (Annals annals = Annals.open(store(), keys())) {
            return annals.eventStore(PEOPLE).loadEvents(id);
        }
    }

    @Test
    void forget_asks_first_checks_the_key_file_and_then_makes_the_values_read_as_null() {
        UUID id = UUID.randomUUID();
        try (Annals annals = Annals.open(store(), keys())) {
            annals.eventStore(PEOPLE).append(id, -1, List.of(EventData.of(new Registered("Ada Lovelace", "UK"))));
        }
        String subject = PEOPLE.streamName(id);

        Confirmation.terminal = prompt -> null;
        CliErrorsTest.Run unconfirmed = CliErrorsTest.run("forget", subject, "--store", store());
        assertThat(unconfirmed.exitCode()).isEqualTo(1);
        assertThat(unconfirmed.err().lines()).singleElement().asString().startsWith("annals: refusing to forget " + subject)
                .contains("--yes");

        FileKeyProvider.openOrCreate(dir.resolve("other.key"));
        CliErrorsTest.Run wrongKey = CliErrorsTest.run("forget", subject, "--store", store(), "--key-file",
                dir.resolve("other.key").toString(), "--yes");
        assertThat(wrongKey.exitCode()).isEqualTo(1);
        assertThat(wrongKey.err().lines()).singleElement().asString().contains("master key does not open");
        assertThat(load(id)).containsExactly(new Registered("Ada Lovelace", "UK"));

        Confirmation.terminal = prompt -> "y";
        CliErrorsTest.Run forgot = CliErrorsTest.run("forget", subject, "--store", store(), "--key-file",
                FileKeyProvider.besideStore(file()).toString());
        assertThat(forgot.exitCode()).isZero();
        assertThat(forgot.out()).contains("Forgot " + subject);
        assertThat(load(id)).containsExactly(new Registered(null, "UK"));

        CliErrorsTest.Run again = CliErrorsTest.run("forget", subject, "--store", store(), "--yes");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("has no data key");
    }
}
