package dev.annals.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.Annals;
import dev.annals.CopyOptions;
import dev.annals.CopyReport;
import dev.annals.CopyTargetNotEmptyException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import dev.annals.spi.ScratchStore;
import dev.annals.spi.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Annals#copy} between real stores: a SQLite file written by the demo, a PostgreSQL schema and a
 * NATS JetStream store on the servers of {@code ANNALS_PG_URL} and {@code ANNALS_NATS_URL} (default: the
 * loopback servers), each a fresh scratch store removed afterwards.
 */
@Tag("servers") // a PostgreSQL and a NATS server on loopback (or as the environment names them): -Pservers
class CopyBetweenBackendsTest {

    static final String POSTGRES = server("ANNALS_PG_URL", "postgresql://127.0.0.1:5432/test?user=postgres");
    static final String NATS = server("ANNALS_NATS_URL", "nats://127.0.0.1:4222?store=copytest");

    @TempDir
    static Path dir;

    static String demo;

    @BeforeAll
    static void writeADemoStoreWithASecondCategory() {
        demo = "sqlite:" + dir.resolve("demo.db");
        CliErrorsTest.Run run = CliErrorsTest.run("demo", "--store", demo, "--tickets", "20", "--long-ticket-events", "1500");
        assertThat(run.exitCode()).as(run.err()).isZero();
        try (Annals annals = Annals.open(demo)) {
            for (int i = 0; i < 3; i++) {
                annals.backend().append(new AppendRequest("invoice-" + i, AppendRequest.NO_STREAM, List.of(invoiceEvent(), invoiceEvent()),
                        Instant.now()));
            }
        }
    }

    @Test
    void sqlite_to_postgresql_to_nats_to_sqlite_keeps_every_event_and_snapshot_with_one_digest() {
        String back = "sqlite:" + dir.resolve("back.db");
        try (ScratchStore postgres = Annals.scratch(POSTGRES); ScratchStore nats = Annals.scratch(NATS)) {
            CopyReport toPostgres = copy(demo, postgres.url(), CopyOptions.everything().pageSize(700));
            CopyReport toNats = copy(postgres.url(), nats.url(), CopyOptions.everything().pageSize(700));
            CopyReport toSqlite = copy(nats.url(), back, CopyOptions.everything().pageSize(700));

            for (CopyReport report : List.of(toPostgres, toNats, toSqlite)) {
                assertThat(report.verified()).as("%s", report).isTrue();
                assertThat(report.copied()).isEqualTo(report.source().events());
            }
            assertThat(toPostgres.source().events()).isGreaterThan(3000);
            assertThat(toPostgres.source().snapshots()).isPositive();
            assertThat(toSqlite.target().eventDigest()).isEqualTo(toPostgres.source().eventDigest());
            assertThat(toSqlite.target().snapshotDigest()).isEqualTo(toPostgres.source().snapshotDigest());
            assertThat(toSqlite.target().streams()).isEqualTo(toPostgres.source().streams());
        }
        assertSameEventsApartFromPositions(demo, back);
    }

    @Test
    void an_interrupted_copy_to_postgresql_resumes_after_what_it_holds_and_writes_no_event_twice() {
        try (ScratchStore postgres = Annals.scratch(POSTGRES)) {
            AtomicInteger pages = new AtomicInteger();
            CopyOptions stopAfterThreePages = CopyOptions.everything().pageSize(500).onProgress(progress -> {
                if (pages.incrementAndGet() == 3) {
                    throw new IllegalStateException("stopped by the test after three pages");
                }
            });
            assertThatThrownBy(() -> copy(demo, postgres.url(), stopAfterThreePages)).hasMessageContaining("three pages");
            long held;
            try (Annals target = Annals.open(postgres.url())) {
                held = target.backend().stats().events();
            }

            CopyReport resumed = copy(demo, postgres.url(), CopyOptions.everything().pageSize(500));

            assertThat(held).isEqualTo(1500);
            assertThat(resumed.resumed()).isEqualTo(held);
            assertThat(resumed.copied()).isEqualTo(resumed.source().events() - held);
            assertThat(resumed.verified()).isTrue();
            assertThat(resumed.target().events()).isEqualTo(resumed.source().events());
        }
    }

    @Test
    void a_category_filter_copies_only_its_streams_to_nats() {
        try (ScratchStore nats = Annals.scratch(NATS)) {
            CopyReport report = copy(demo, nats.url(), CopyOptions.everything().categories("invoice"));

            assertThat(report.verified()).isTrue();
            assertThat(report.copied()).isEqualTo(6);
            assertThat(report.target().streams()).isEqualTo(3);
            try (Annals target = Annals.open(nats.url())) {
                assertThat(target.backend().readAll(0, 100)).extracting(StoredEvent::stream).allMatch(s -> s.startsWith("invoice-"));
            }
        }
    }

    @Test
    void a_postgresql_target_holding_another_stores_events_is_refused_and_left_unchanged() {
        try (ScratchStore postgres = Annals.scratch(POSTGRES)) {
            try (Annals target = Annals.open(postgres.url())) {
                target.backend().append(new AppendRequest("invoice-0", AppendRequest.NO_STREAM, List.of(invoiceEvent()), Instant.now()));
            }

            assertThatThrownBy(() -> copy(demo, postgres.url(), CopyOptions.everything()))
                    .isInstanceOf(CopyTargetNotEmptyException.class).hasMessageContaining("annals_scratch_");
            try (Annals target = Annals.open(postgres.url())) {
                assertThat(target.backend().stats().events()).isEqualTo(1);
            }
        }
    }

    static CopyReport copy(String from, String to, CopyOptions options) {
        try (Annals source = Annals.openExisting(from); Annals target = Annals.open(to)) {
            return Annals.copy(source, target, options);
        }
    }

    private static void assertSameEventsApartFromPositions(String a, String b) {
        try (Annals left = Annals.openExisting(a); Annals right = Annals.openExisting(b)) {
            long leftAfter = 0;
            long rightAfter = 0;
            while (true) {
                List<StoredEvent> l = left.backend().readAll(leftAfter, 1000);
                List<StoredEvent> r = right.backend().readAll(rightAfter, 1000);
                assertThat(r).hasSameSizeAs(l);
                if (l.isEmpty()) {
                    return;
                }
                for (int i = 0; i < l.size(); i++) {
                    assertThat(r.get(i)).usingRecursiveComparison().ignoringFields("position").isEqualTo(l.get(i));
                }
                leftAfter = l.get(l.size() - 1).position();
                rightAfter = r.get(r.size() - 1).position();
            }
        }
    }

    private static NewEvent invoiceEvent() {
        return new NewEvent(UUID.randomUUID(), "invoice-issued", 1, "{\"actor\":\"test\"}".getBytes(StandardCharsets.UTF_8),
                "{\"amount\":12}".getBytes(StandardCharsets.UTF_8));
    }

    private static String server(String variable, String loopback) {
        String url = System.getenv(variable);
        return url == null || url.isBlank() ? loopback : url;
    }
}
