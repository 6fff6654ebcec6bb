package dev.annals.postgres;

import static dev.annals.postgres.Events.append;
import static dev.annals.postgres.Events.events;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.AppendOutcomeUnknownException;
import dev.annals.AppendResult;
import dev.annals.spi.AppendRequest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pool recovers when the server restarts: appends resume without reopening the store. Runs a
 * dedicated embedded server (never the shared one), stopped and started again on the same port and
 * data directory.
 */
class ServerRestartTest {

    @Test
    void appends_resume_after_the_server_restarts() throws Exception {
        int port = freePort();
        Path data = Files.createTempDirectory("annals-restart");
        EmbeddedPostgres server = EmbeddedServer.start(port, data);
        String url = "postgresql://localhost:" + port + "/postgres?user=postgres&schema=restart&poolSize=3";
        String stream = "restart-" + java.util.UUID.randomUUID();
        try (PostgresBackend backend = new PostgresBackend(url)) {
            backend.append(append(stream, AppendRequest.NO_STREAM, events(2, "before")));
            // Use every pooled connection, so that all of them are dead after the restart.
            for (int i = 0; i < 5; i++) {
                backend.readStream(stream, -1, 10);
            }

            server.close();
            server = EmbeddedServer.start(port, data);

            // Reads retry on a fresh connection by themselves.
            assertThat(backend.readStream(stream, -1, 10)).hasSize(2);
            // An append handed a connection the restart killed cannot know whether it was stored (the
            // server's goodbye reads just like a failure mid-commit), so it says so; the retry with the
            // same ids, which the contract tells callers to make, then goes through on a fresh connection.
            AppendRequest after = append(stream, 1, events(1, "after"));
            AppendResult result = null;
            for (int attempt = 0; attempt < 4 && result == null; attempt++) {
                try {
                    result = backend.append(after);
                } catch (AppendOutcomeUnknownException e) {
                    // retried below with the same ids
                }
            }
            assertThat(result).as("an append succeeded after the restart").isNotNull();
            assertThat(result.version()).isEqualTo(2);
            assertThat(backend.readStream(stream, -1, 10)).hasSize(3);
            assertThat(backend.headPosition()).isEqualTo(result.positions().get(0)).isGreaterThan(2);
        } finally {
            server.close();
            deleteTree(data);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
