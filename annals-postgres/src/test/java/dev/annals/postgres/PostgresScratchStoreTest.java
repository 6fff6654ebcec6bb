package dev.annals.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.Annals;
import dev.annals.StoreOpenException;
import dev.annals.spi.ScratchStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@link PostgresBackendProvider#scratch} and {@link PostgresBackend#settings}, on a real server. */
class PostgresScratchStoreTest {

    private static final PgServer SERVER = PgServer.get();
    private static final String SCHEMA = PgServer.newSchema(PostgresScratchStoreTest.class);

    private final PostgresBackendProvider provider = new PostgresBackendProvider();

    @AfterAll
    static void dropSchema() {
        SERVER.dropSchema(SCHEMA);
    }

    @Test
    void a_scratch_store_is_a_new_empty_schema_on_the_same_database_and_it_is_gone_after_removal() throws Exception {
        String url = SERVER.url(SCHEMA, "");
        try (Annals original = Annals.open(url)) {
            original.backend().append(Events.append("ticket-1", -1, Events.events(3, "a")));
        }

        ScratchStore scratch = provider.scratch(url);
        String schema = ((PostgresScratch) scratch).schema();
        assertThat(schema).startsWith(PostgresScratch.PREFIX).isNotEqualTo(SCHEMA);
        assertThat(scratch.url()).contains("schema=" + schema).doesNotContain("schema=" + SCHEMA);
        assertThat(schemaExists(schema)).isTrue();
        try (Annals fresh = Annals.open(scratch.url())) {
            assertThat(fresh.inspect().stats().events()).isZero();
            fresh.backend().append(Events.append("ticket-2", -1, Events.events(5, "b")));
        }
        scratch.close();
        scratch.close();

        assertThat(schemaExists(schema)).isFalse();
        try (Annals original = Annals.openExisting(url)) {
            assertThat(original.inspect().stats().events()).isEqualTo(3);
            assertThat(original.backend().currentVersion("ticket-2")).isEmpty();
        }
    }

    @Test
    void the_settings_are_the_servers_as_the_stores_connections_see_them() throws SQLException {
        String serverDefault;
        try (Connection c = SERVER.connect(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SHOW wal_sync_method")) {
            rows.next();
            serverDefault = rows.getString(1);
        }
        try (ScratchStore scratch = provider.scratch(SERVER.url(SCHEMA, "options=-c%20synchronous_commit%3Doff%20-c%20commit_delay%3D7"));
                Annals annals = Annals.open(scratch.url())) {
            assertThat(annals.inspect().settings())
                    .containsEntry("synchronous_commit", "off")
                    .containsEntry("commit_delay", "7")
                    .containsEntry("wal_sync_method", serverDefault)
                    .containsKeys("fsync", "full_page_writes");
        }
    }

    @Test
    void the_scratch_url_replaces_only_the_schema_and_keeps_every_other_parameter() {
        assertThat(PostgresScratch.withSchema("postgresql://h/db?user=u&schema=app&password=p%26q&sslmode=disable", "annals_scratch_1"))
                .isEqualTo("postgresql://h/db?user=u&password=p%26q&sslmode=disable&schema=annals_scratch_1");
        assertThat(PostgresScratch.withSchema("jdbc:postgresql://u:p@h:5433/db", "annals_scratch_1"))
                .isEqualTo("jdbc:postgresql://u:p@h:5433/db?schema=annals_scratch_1");
    }

    @Test
    void a_bad_url_or_an_unreachable_server_is_a_store_open_error_naming_it() {
        assertThatThrownBy(() -> provider.scratch("postgresql://nohost"))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("must name a host and a database");
        assertThatThrownBy(() -> provider.scratch("postgresql://127.0.0.1:1/db?user=u&password=secret"))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("127.0.0.1:1").hasMessageNotContaining("secret");
    }

    private static boolean schemaExists(String schema) throws SQLException {
        try (Connection c = SERVER.connect(); PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            s.setString(1, schema);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next();
            }
        }
    }
}
