package dev.annals.bench;

import dev.annals.cli.bench.BenchDomain;
import dev.annals.cli.bench.StandardWorkloads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.sqlite.SQLiteConfig;

/**
 * What SQLite itself can do on this machine, as the in-run baseline for Annals' SQLite figures: the
 * rows of W1 and W2 (the same table, indexes, row sizes and pragmas as Annals' store: WAL,
 * {@code synchronous=FULL}, the same page cache), inserted by plain {@code sqlite-jdbc} with one
 * prepared statement reused and no Annals code, one commit per insert (W1's shape) and one per ten
 * rows (W2's). Each run uses a new file in {@code DIR}, removed afterwards.
 *
 * <pre>
 * java -cp annals-bench/target/benchmarks.jar dev.annals.bench.BareSqliteBaseline DIR [RUNS]
 * </pre>
 */
public final class BareSqliteBaseline {

    private static final int ROWS = 20_000;

    private BareSqliteBaseline() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: BareSqliteBaseline DIR [RUNS]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Files.createDirectories(dir);
        System.out.println("| bare sqlite-jdbc loop | median rows/s | min - max |");
        System.out.println("|---|---|---|");
        for (int perCommit : new int[] {1, 10}) {
            double[] rates = new double[runs];
            for (int run = -1; run < runs; run++) { // run -1 warms up
                double rate = run(dir.resolve("bare-" + ProcessHandle.current().pid() + "-" + perCommit + "-" + run + ".db"), perCommit);
                if (run >= 0) {
                    rates[run] = rate;
                }
            }
            System.out.printf("| %d row%s per commit | %,.0f | %,.0f - %,.0f |%n", perCommit, perCommit == 1 ? "" : "s",
                    StandardWorkloads.median(rates), Arrays.stream(rates).min().orElse(0), Arrays.stream(rates).max().orElse(0));
        }
    }

    /** Inserts {@value #ROWS} rows, {@code perCommit} per transaction; rows per second. */
    static double run(Path file, int perCommit) throws SQLException, java.io.IOException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setCacheSize(-16_384);
        byte[] payload = ("{\"ticket\":\"" + UUID.randomUUID() + "\",\"author\":\"agent-7\",\"text\":\"" + BenchDomain.TEXT + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        try (Connection c = config.createConnection("jdbc:sqlite:" + file)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE events (position INTEGER PRIMARY KEY, stream_id INTEGER NOT NULL, version INTEGER NOT NULL, "
                        + "event_id BLOB NOT NULL UNIQUE, type TEXT NOT NULL, schema_version INTEGER NOT NULL, "
                        + "recorded_at INTEGER NOT NULL, metadata BLOB, payload BLOB NOT NULL, UNIQUE (stream_id, version))");
            }
            int streams = ROWS / 10;
            List<Long> order = new ArrayList<>(ROWS);
            c.setAutoCommit(false);
            long started = System.nanoTime();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO events (position, stream_id, version, event_id, type, "
                    + "schema_version, recorded_at, metadata, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                long position = 0;
                // W1's order (each aggregate's next event in turn) for one row per commit, W2's (an aggregate's ten at once) for ten.
                for (int outer = 0; outer < (perCommit == 1 ? 10 : streams); outer++) {
                    for (int inner = 0; inner < (perCommit == 1 ? streams : 10); inner++) {
                        long stream = perCommit == 1 ? inner : outer;
                        long version = perCommit == 1 ? outer : inner;
                        insert.setLong(1, ++position);
                        insert.setLong(2, stream);
                        insert.setLong(3, version);
                        insert.setBytes(4, uuidBytes(UUID.randomUUID()));
                        insert.setString(5, "TicketCommented");
                        insert.setInt(6, 1);
                        insert.setLong(7, System.currentTimeMillis() * 1_000_000);
                        insert.setBytes(8, null);
                        insert.setBytes(9, payload);
                        insert.executeUpdate();
                        if (position % perCommit == 0) {
                            c.commit();
                        }
                        order.add(position);
                    }
                }
            }
            c.commit();
            double seconds = (System.nanoTime() - started) / 1e9;
            if (order.size() != ROWS) {
                throw new IllegalStateException("wrote " + order.size() + " rows, not " + ROWS);
            }
            return ROWS / seconds;
        } finally {
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(Path.of(file + suffix));
            }
        }
    }

    private static byte[] uuidBytes(UUID id) {
        byte[] bytes = new byte[16];
        long msb = id.getMostSignificantBits();
        long lsb = id.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (msb >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
        return bytes;
    }

}
