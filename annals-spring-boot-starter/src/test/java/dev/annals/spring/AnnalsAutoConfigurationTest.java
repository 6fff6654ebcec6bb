package dev.annals.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.Annals;
import dev.annals.EventStore;
import dev.annals.InvalidArgumentException;
import dev.annals.StorageException;
import dev.annals.StoreOpenException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.sqlite.SQLiteDataSource;

class AnnalsAutoConfigurationTest {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AnnalsAutoConfiguration.class));

    @TempDir
    Path dir;

    @Test
    void the_default_url_is_the_sqlite_file_the_annals_command_opens_by_default() {
        contexts.withBean(Annals.class, () -> Annals.open("memory:")).run(context ->
                assertThat(context.getBean(AnnalsProperties.class).getUrl()).isEqualTo("sqlite:./annals-data/annals.db"));
    }

    @Test
    void annals_url_opens_that_store_and_closing_the_context_closes_it() {
        Path file = dir.resolve("app/annals.db");
        Annals[] opened = new Annals[1];
        contexts.withPropertyValues("annals.url=sqlite:" + file).run(context -> {
            Annals annals = context.getBean(Annals.class);
            opened[0] = annals;
            EventStore<UUID, NoteEvent> notes = annals.eventStore(NoteEvent.NOTES);
            notes.appendEvents(UUID.randomUUID(), EventStore.NO_STREAM, List.of(new NoteEvent.Written("hello")));
            assertThat(annals.toString()).contains(file.toString());
        });
        assertThat(Files.exists(file)).isTrue();
        assertThatThrownBy(() -> opened[0].backend().headPosition()).isInstanceOf(StorageException.class);
        try (Annals again = Annals.open("sqlite:" + file)) {
            assertThat(again.inspect().stats().events()).isEqualTo(1);
        }
    }

    @Test
    void an_annals_bean_of_the_application_replaces_the_one_of_the_starter() {
        Annals own = Annals.open("memory:");
        contexts.withBean(Annals.class, () -> own).withPropertyValues("annals.url=sqlite:" + dir.resolve("unused.db"))
                .run(context -> assertThat(context.getBean(Annals.class)).isSameAs(own));
        assertThat(Files.exists(dir.resolve("unused.db"))).isFalse();
    }

    @Test
    void a_url_no_backend_accepts_stops_the_context_with_a_message_naming_it() {
        contexts.withPropertyValues("annals.url=mysql://db/app").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(StoreOpenException.class)
                    .hasMessageContaining("mysql://db/app").hasMessageContaining("sqlite:PATH");
        });
    }

    @Test
    void the_application_data_source_without_a_data_source_bean_is_refused_clearly() {
        contexts.withPropertyValues("annals.datasource.enabled=true").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(StoreOpenException.class)
                    .hasMessageContaining("no single DataSource bean");
        });
    }

    @Test
    void the_application_data_source_and_annals_url_together_are_refused() {
        contexts.withBean(DataSource.class, () -> sqliteDataSource(dir.resolve("other.db")))
                .withPropertyValues("annals.datasource.enabled=true", "annals.url=sqlite:" + dir.resolve("a.db")).run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(InvalidArgumentException.class)
                            .hasMessageContaining("annals.url and annals.datasource.enabled=true both name a store");
                });
    }

    @Test
    void an_application_data_source_that_is_not_postgresql_is_refused_naming_its_database() {
        contexts.withBean(DataSource.class, () -> sqliteDataSource(dir.resolve("other.db")))
                .withPropertyValues("annals.datasource.enabled=true").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(StoreOpenException.class)
                            .hasMessageContaining("needs a PostgreSQL DataSource").hasMessageContaining("SQLite");
                });
    }

    private static DataSource sqliteDataSource(Path file) {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + file);
        return dataSource;
    }
}
