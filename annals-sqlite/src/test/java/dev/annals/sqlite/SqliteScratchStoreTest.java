package dev.annals.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.Annals;
import dev.annals.StoreOpenException;
import dev.annals.spi.ScratchStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SqliteBackendProvider#scratch} and {@link SqliteBackend#settings}. */
class SqliteScratchStoreTest {

    @TempDir
    Path dir;

    private final SqliteBackendProvider provider = new SqliteBackendProvider();

    @Test
    void a_scratch_store_is_a_new_empty_file_beside_the_original_which_stays_untouched_and_it_is_gone_after_removal() throws Exception {
        Path original = dir.resolve("app.db");
        try (Annals annals = Annals.open("sqlite:" + original)) {
            annals.backend().append(Events.append("ticket-1", -1, 3));
        }
        List<Path> before = listing();
        String digest = sha256(original);

        ScratchStore scratch = provider.scratch("sqlite:" + original);
        try (Annals fresh = Annals.open(scratch.url())) {
            assertThat(scratch.url()).startsWith("sqlite:" + dir).doesNotContain("app.db");
            assertThat(fresh.inspect().stats().events()).isZero();
            fresh.backend().append(Events.append("ticket-2", -1, 5));
        }
        assertThat(Path.of(scratch.url().substring("sqlite:".length())).getParent()).isEqualTo(dir);
        scratch.close();
        scratch.close();

        assertThat(listing()).isEqualTo(before);
        assertThat(sha256(original)).isEqualTo(digest);
    }

    @Test
    void a_scratch_store_keeps_the_durability_parameter_of_the_url_and_the_settings_read_it_from_the_writer() {
        try (ScratchStore durable = provider.scratch("sqlite:" + dir.resolve("a.db"));
                Annals annals = Annals.open(durable.url())) {
            assertThat(annals.inspect().settings())
                    .containsEntry("journal_mode", "WAL")
                    .containsEntry("synchronous", "FULL")
                    .containsKey("wal_autocheckpoint");
        }
        try (ScratchStore relaxed = provider.scratch("sqlite:" + dir.resolve("a.db") + "?synchronous=normal");
                Annals annals = Annals.open(relaxed.url())) {
            assertThat(relaxed.url()).endsWith("?synchronous=normal");
            assertThat(annals.inspect().settings()).containsEntry("synchronous", "NORMAL");
        }
    }

    @Test
    void a_scratch_store_is_refused_when_the_directory_does_not_exist_or_the_url_is_bad_and_nothing_is_created() {
        assertThatThrownBy(() -> provider.scratch("sqlite:" + dir.resolve("missing/app.db")))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("missing").hasMessageContaining("does not exist");
        assertThatThrownBy(() -> provider.scratch("sqlite:" + dir.resolve("app.db") + "?synchronous=sometimes"))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("synchronous=sometimes");
        assertThat(dir).isEmptyDirectory();
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
