package dev.annals.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of one test's own (its own data directory and port) that can be killed the way
 * a crash kills it and started again on the same data directory, so that it runs crash recovery.
 */
final class CrashableServer implements AutoCloseable {

    private final int port;
    private final Path data;
    private EmbeddedPostgres server;

    private CrashableServer(int port, Path data, boolean synchronousCommit) throws SQLException {
        this.port = port;
        this.data = data;
        this.server = EmbeddedServer.start(port, data);
        // The embedded server's own default is synchronous_commit=off (fast, not durable: a commit is
        // acknowledged before its WAL is flushed). A database setting overrides it in every session.
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE postgres SET synchronous_commit TO " + (synchronousCommit ? "on" : "off"));
        }
    }

    /**
     * Starts a fresh server on a free port with a new temporary data directory; {@code synchronousCommit}
     * false is PostgreSQL's setting that acknowledges a commit before it is durable.
     */
    static CrashableServer start(boolean synchronousCommit) throws IOException, SQLException {
        return new CrashableServer(freePort(), Files.createTempDirectory("annals-crash-pg"), synchronousCommit);
    }

    /** The setting every new session of the server's database gets, as the server reports it. */
    String synchronousCommit() throws SQLException {
        return query("SHOW synchronous_commit");
    }

    int port() {
        return port;
    }

    /** The server's data directory. */
    Path dataDirectory() {
        return data;
    }

    /** Runs {@code sql} as the superuser in the server's database {@code postgres}, in auto-commit mode. */
    void execute(String sql) throws SQLException {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The first column of the first row {@code sql} answers, as text, run as {@link #execute} runs it. */
    String query(String sql) throws SQLException {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            if (!r.next()) {
                throw new AssertionError("no row from " + sql);
            }
            return r.getString(1);
        }
    }

    /** What is done to the data directory while the server is stopped. */
    @FunctionalInterface
    interface WhileStopped {
        void run(Path dataDirectory) throws IOException;
    }

    /**
     * Stops the server cleanly (its shutdown checkpoint writes every page to the data files), runs {@code work}
     * on the data directory, and starts the server again on it.
     */
    void whileStopped(WhileStopped work) throws IOException {
        server.close();
        work.run(data);
        server = EmbeddedServer.start(port, data);
    }

    /**
     * SIGKILLs the postmaster and every process it started, all at once: no backend finishes its
     * statement, no checkpoint, no clean shutdown. Every process is stopped first (SIGSTOP: the postmaster
     * cannot start a backend that the kill would miss, and no backend can notice another's death and
     * still answer its client), then all are killed.
     */
    void kill() throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.US_ASCII).get(0).trim());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no postmaster with pid " + pid));
        signal("STOP", List.of(postmaster));
        List<ProcessHandle> all = new ArrayList<>();
        all.add(postmaster);
        postmaster.descendants().forEach(all::add);
        signal("STOP", all);
        signal("KILL", all);
        for (ProcessHandle process : all) {
            process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        }
    }

    /** Starts the server again on the same port and data directory (PostgreSQL runs crash recovery). */
    void restart() {
        closeQuietly();
        server = EmbeddedServer.start(port, data);
    }

    private static void signal(String signal, List<ProcessHandle> processes) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        processes.forEach(p -> command.add(Long.toString(p.pid())));
        Process kill = new ProcessBuilder(command).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + signal + " failed for " + command);
        }
    }

    private void closeQuietly() {
        try {
            // After a kill this only releases the data directory's lock (pg_ctl stop finds no server).
            server.close();
        } catch (IOException | RuntimeException e) {
            // nothing more to release
        }
    }

    @Override
    public void close() throws IOException {
        closeQuietly();
        try (Stream<Path> paths = Files.walk(data)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
