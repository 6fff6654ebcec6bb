package dev.annals.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A page touches only the rows it returns, whatever plan PostgreSQL picks, on the case that misleads the
 * planner most: a long stream in a table never analyzed, where the estimate for one stream's rows is a
 * small guess. Each read query runs under {@code EXPLAIN ANALYZE}, and no node of its plan may produce
 * more rows than the page holds.
 */
class ReadPlansTest {

    private static final PgServer SERVER = PgServer.get();
    private static final String SCHEMA = PgServer.newSchema(ReadPlansTest.class);
    private static final String QUOTED = PostgresOptions.DEFAULTS.withSchema(SCHEMA).quotedSchema();
    private static final String STREAM = "long-stream";
    private static final int EVENTS = 20_000;
    private static final int PAGE = 100;
    private static final Pattern ACTUAL_ROWS = Pattern.compile("actual rows=(\\d+) loops=(\\d+)");

    @BeforeAll
    static void aLongStreamInATableNeverAnalyzed() throws SQLException {
        new PostgresBackend(SERVER.url(SCHEMA, "poolSize=1")).close();
        try (Connection c = SERVER.connect(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + QUOTED + ".events SET (autovacuum_enabled = off)");
            s.execute("INSERT INTO " + QUOTED + ".events SELECT g, '" + STREAM + "', g - 1, gen_random_uuid(), 'Noted', 1, now(), 0, "
                    + "'\\x'::bytea, convert_to('{\"n\":' || g || '}', 'UTF8') FROM generate_series(1, " + EVENTS + ") g");
            try (ResultSet rs = s.executeQuery("SELECT reltuples FROM pg_class WHERE oid = '" + QUOTED + ".events'::regclass")) {
                rs.next();
                assertThat(rs.getDouble(1)).as("the table was never analyzed").isNegative();
            }
        }
    }

    @AfterAll
    static void dropSchema() {
        SERVER.dropSchema(SCHEMA);
    }

    @Test
    void a_page_of_a_long_stream_touches_only_its_own_rows() throws SQLException {
        for (long after : new long[] {-1, EVENTS / 2}) {
            List<Long> rows = actualRows(PostgresReader.readStreamSql(QUOTED), STREAM, STREAM, STREAM, STREAM, STREAM, after, PAGE, STREAM, after, PAGE);
            assertThat(rows).as("rows per plan node, reading after version %d", after).isNotEmpty().allMatch(n -> n <= PAGE);
        }
    }

    @Test
    void a_page_of_the_log_touches_only_its_own_rows() throws SQLException {
        for (long after : new long[] {0, EVENTS / 2}) {
            List<Long> rows = actualRows(PostgresReader.readAllSql(QUOTED), after, PAGE);
            assertThat(rows).as("rows per plan node, reading after position %d", after).isNotEmpty().allMatch(n -> n <= PAGE);
        }
        List<Long> backward = actualRows(PostgresReader.readAllBackwardSql(QUOTED), (long) EVENTS, PAGE);
        assertThat(backward).as("rows per plan node, reading backward").isNotEmpty().allMatch(n -> n <= PAGE);
    }

    /** Runs {@code sql} with {@code params} under EXPLAIN ANALYZE: the rows each plan node produced, over all its loops. */
    private static List<Long> actualRows(String sql, Object... params) throws SQLException {
        List<Long> rows = new ArrayList<>();
        try (Connection c = SERVER.connect();
                PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, TIMING OFF) " + sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Matcher m = ACTUAL_ROWS.matcher(rs.getString(1));
                    if (m.find()) {
                        rows.add(Long.parseLong(m.group(1)) * Long.parseLong(m.group(2)));
                    }
                }
            }
        }
        return rows;
    }
}
