package dev.annals.postgres;

import static dev.annals.postgres.Events.append;
import static dev.annals.postgres.Events.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.AppendOutcomeUnknownException;
import dev.annals.StorageException;
import dev.annals.spi.AppendRequest;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that takes no writes while the store is open: the server of the test's own is made read-only
 * with {@code default_transaction_read_only=on} in its configuration and a reload, as an administrator
 * freezes writes and as managed services do when a server's storage is nearly full; a hot standby answers
 * a write with the same SQLState (25006). Appends fail with a {@link StorageException} that says the server
 * takes no writes, nothing of them is stored, reads go on (through the open store and a store opened
 * then), and once the server takes writes again the same appends go through on the same store.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReadOnlyServerTest {

    @Test
    void appends_to_a_read_only_server_fail_saying_so_and_store_nothing_and_reads_go_on() throws Exception {
        try (CrashableServer server = CrashableServer.start(true)) {
            String url = "postgresql://localhost:" + server.port() + "/postgres?user=postgres&schema=readonly&poolSize=4";
            try (PostgresBackend backend = new PostgresBackend(url)) {
                backend.append(append("before", AppendRequest.NO_STREAM, events(3, "b")));
                readOnly(server, true);

                AppendRequest single = append("refused", AppendRequest.NO_STREAM, events(2, "r"));
                assertThatThrownBy(() -> backend.append(single))
                        .isInstanceOf(StorageException.class).isNotInstanceOf(AppendOutcomeUnknownException.class)
                        .hasMessageContaining("nothing of it was stored")
                        .hasMessageContaining("the server accepts no writes (it is read-only")
                        .hasMessageContaining("SQLState 25006");
                List<AppendRequest> multi = List.of(append("refused-a", AppendRequest.NO_STREAM, events(1, "a")),
                        append("before", 2, events(1, "c")));
                assertThatThrownBy(() -> backend.appendAll(multi))
                        .isInstanceOf(StorageException.class).isNotInstanceOf(AppendOutcomeUnknownException.class)
                        .hasMessageContaining("nothing of it was stored").hasMessageContaining("the server accepts no writes");
                System.out.println("ReadOnlyServerTest: an append to the read-only server failed with: " + message(backend, single));

                assertThat(backend.readAll(0, 100)).as("reads go on; nothing of the refused appends was stored").hasSize(3);
                assertThat(backend.readStream("refused", -1, 10)).isEmpty();
                assertThat(backend.currentVersion("before")).hasValue(2);
                try (PostgresBackend reopened = new PostgresBackend(url)) {
                    assertThat(reopened.readStream("before", -1, 10)).as("a store opened on the read-only server reads").hasSize(3);
                }

                readOnly(server, false);
                assertThat(backend.append(single).duplicate()).as("the same append once the server takes writes").isFalse();
                assertThat(backend.appendAll(multi)).hasSize(2);
                assertThat(backend.readAll(0, 100)).hasSize(7);
            }
        }
    }

    /** Sets the server's {@code default_transaction_read_only} and waits until a new session has it. */
    private static void readOnly(CrashableServer server, boolean on) throws SQLException, InterruptedException {
        server.execute(on ? "ALTER SYSTEM SET default_transaction_read_only = on" : "ALTER SYSTEM RESET default_transaction_read_only");
        server.execute("SELECT pg_reload_conf()");
        for (int i = 0; i < 200 && !server.query("SHOW default_transaction_read_only").equals(on ? "on" : "off"); i++) {
            Thread.sleep(10);
        }
        assertThat(server.query("SHOW default_transaction_read_only")).isEqualTo(on ? "on" : "off");
        Thread.sleep(200); // the pool's idle sessions read the configuration again before their next statement
    }

    private static String message(PostgresBackend backend, AppendRequest request) {
        try {
            backend.append(request);
            return "(no failure)";
        } catch (StorageException e) {
            return e.getMessage();
        }
    }
}
