package dev.annals.observability;

import dev.annals.instrumentation.Operation;
import dev.annals.instrumentation.Outcome;
import dev.annals.instrumentation.SnapshotLoadResult;
import dev.annals.instrumentation.StoreInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The meters of Annals' operations (the module's README lists them): dot-separated names, base units,
 * and tags of bounded cardinality only (backend, outcome, category, subscription name). Thread-safe.
 */
final class AnnalsMeters {

    private final MeterRegistry registry;

    AnnalsMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    MeterRegistry registry() {
        return registry;
    }

    /** Records an operation that took {@code nanos}. */
    void record(Operation operation, Outcome outcome, long events, long nanos) {
        if (operation instanceof Operation.Append append) {
            timer("annals.append", "Appends through the typed API, by outcome", "backend", append.store().system(),
                    "outcome", outcome.tag()).record(nanos, TimeUnit.NANOSECONDS);
            if (outcome == Outcome.OK) {
                summary("annals.append.events", "Events per append that wrote", "events", "backend", append.store().system())
                        .record((double) events);
            }
        } else if (operation instanceof Operation.ReadStream read) {
            read(read.store(), "stream", outcome, events, nanos);
        } else if (operation instanceof Operation.ReadLog read) {
            read(read.store(), "log", outcome, events, nanos);
        } else if (operation instanceof Operation.RepositoryLoad load) {
            timer("annals.repository.load", "Repository loads: snapshot and the events after it", "category", load.category(),
                    "outcome", outcome.tag()).record(nanos, TimeUnit.NANOSECONDS);
            if (outcome == Outcome.OK) {
                summary("annals.repository.replayed", "Events replayed per repository load", "events", "category", load.category())
                        .record((double) events);
            }
        } else if (operation instanceof Operation.RepositorySave save) {
            timer("annals.repository.save", "Repository saves, snapshots on the caller's thread included", "category",
                    save.category(), "outcome", outcome.tag()).record(nanos, TimeUnit.NANOSECONDS);
        } else if (operation instanceof Operation.Handle handle) {
            timer("annals.subscription.handle", "Batches handed to a subscription's handler", "subscription", handle.subscription(),
                    "outcome", outcome.tag()).record(nanos, TimeUnit.NANOSECONDS);
            if (handle.attempt() > 1) {
                counter("annals.subscription.retries", "Tries of one event again after its batch or an earlier try failed",
                        "subscription", handle.subscription()).increment();
            }
            if (outcome == Outcome.OK) {
                counter("annals.subscription.events", "Events handled by a subscription", "subscription", handle.subscription())
                        .increment((double) events);
            }
        }
    }

    private void read(StoreInfo store, String source, Outcome outcome, long events, long nanos) {
        timer("annals.read", "Pages read from one stream or from the global log", "backend", store.system(), "source", source,
                "outcome", outcome.tag()).record(nanos, TimeUnit.NANOSECONDS);
        if (outcome == Outcome.OK) {
            summary("annals.read.events", "Events per page read", "events", "backend", store.system(), "source", source)
                    .record((double) events);
        }
    }

    void groupCommitBatch(StoreInfo store, int requests) {
        summary("annals.commit.batch", "Writes committed together in one group-commit transaction", "writes", "backend",
                store.system()).record(requests);
    }

    void snapshotLoad(String category, SnapshotLoadResult result) {
        counter("annals.snapshot.load", "Snapshot outcomes of repository loads: one per load (hit, none, full_replay), "
                + "one per snapshot skipped (by reason)", "category", category, "result", result.tag()).increment();
    }

    void snapshotWrite(String category, boolean stored) {
        counter("annals.snapshot.write", "Snapshots a repository's policy asked for, stored or failed", "category", category,
                "result", stored ? "stored" : "failed").increment();
    }

    void parked(String subscription) {
        counter("annals.subscription.parked", "Events parked after their last try", "subscription", subscription).increment();
    }

    private Timer timer(String name, String description, String... tags) {
        return Timer.builder(name).description(description).tags(tags).register(registry);
    }

    private DistributionSummary summary(String name, String description, String unit, String... tags) {
        return DistributionSummary.builder(name).description(description).baseUnit(unit).tags(tags).register(registry);
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }
}
