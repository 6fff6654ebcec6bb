package dev.annals.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.Snapshot;
import dev.annals.SnapshotStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The smallest correct snapshot store: the kept snapshots per aggregate, newest first. Runs each
 * {@link SnapshotStep} against the real store and itself, and asserts that both answer the same.
 */
final class SnapshotStoreModel<ID, S> {

    private final SnapshotStore<ID, S> store;
    private final List<ID> ids;
    private final IntFunction<S> states;
    private final int retain;
    private final List<List<Snapshot<ID, S>>> kept = new ArrayList<>();

    SnapshotStoreModel(SnapshotStore<ID, S> store, List<ID> ids, IntFunction<S> states, int retain) {
        this.store = store;
        this.ids = ids;
        this.states = states;
        this.retain = retain;
        ids.forEach(id -> kept.add(new ArrayList<>()));
    }

    void run(SnapshotStep step) {
        if (step instanceof SnapshotStep.Save save) {
            var snapshot = Snapshot.of(ids.get(save.aggregate()), save.version(), states.apply(save.seed()),
                    Instant.now().truncatedTo(ChronoUnit.MILLIS));
            store.saveSnapshot(snapshot);
            save(kept.get(save.aggregate()), snapshot);
        } else if (step instanceof SnapshotStep.Latest latest) {
            List<Snapshot<ID, S>> list = kept.get(latest.aggregate());
            assertThat(store.getLatestSnapshot(ids.get(latest.aggregate()))).as("%s", step)
                    .isEqualTo(list.isEmpty() ? Optional.empty() : Optional.of(list.get(0)));
        } else if (step instanceof SnapshotStep.AtOrBefore at) {
            Optional<Snapshot<ID, S>> expected = kept.get(at.aggregate()).stream().filter(s -> s.version() <= at.version()).findFirst();
            assertThat(store.getSnapshotAtOrBefore(ids.get(at.aggregate()), at.version())).as("%s", step).isEqualTo(expected);
        } else if (step instanceof SnapshotStep.Clear clear) {
            store.clearSnapshots(ids.get(clear.aggregate()));
            kept.get(clear.aggregate()).clear();
        }
    }

    /** Compares the newest snapshot of every aggregate. */
    void verifyAll() {
        for (int i = 0; i < ids.size(); i++) {
            run(new SnapshotStep.Latest(i));
        }
    }

    private void save(List<Snapshot<ID, S>> list, Snapshot<ID, S> snapshot) {
        if (!list.isEmpty() && snapshot.version() < list.get(0).version()) {
            return;
        }
        if (!list.isEmpty() && snapshot.version() == list.get(0).version()) {
            list.set(0, snapshot);
        } else {
            list.add(0, snapshot);
        }
        while (list.size() > retain) {
            list.remove(list.size() - 1);
        }
    }
}
