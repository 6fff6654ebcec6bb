package dev.annals.testkit.selftest;

import dev.annals.Annals;
import dev.annals.EventStore;
import dev.annals.memory.MemoryBackend;
import dev.annals.spi.StorageBackend;
import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.domain.TestDomain;
import dev.annals.testkit.domain.TestEvent;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The fixture of the self-test's suites over rule-breaking stores: a shared store over a memory
 * backend behind a (possibly) breaking decorator, and durable stores on a {@link SimulatedDisk}.
 * The suites over broken stores read the fixture {@link #use}d last, as the launcher gives them no
 * constructor arguments; the self-test runs one store at a time.
 */
final class BrokenFixture implements AnnalsFixture {

    private static volatile BrokenFixture current = new BrokenFixture(UnaryOperator.identity(), SimulatedDisk.Flaw.NONE,
            UnaryOperator.identity());

    private final Annals annals;
    private final SimulatedDisk disk;
    private final UnaryOperator<EventStore<UUID, TestEvent>> typed;

    BrokenFixture(UnaryOperator<StorageBackend> backend, SimulatedDisk.Flaw flaw,
            UnaryOperator<EventStore<UUID, TestEvent>> typed) {
        this.annals = new Annals(backend.apply(new MemoryBackend()));
        this.disk = new SimulatedDisk(flaw);
        this.typed = typed;
    }

    static void use(BrokenFixture fixture) {
        current = fixture;
    }

    static BrokenFixture current() {
        return current;
    }

    /** The typed store of the typed suite, over this fixture's store. */
    EventStore<UUID, TestEvent> typedStore() {
        return typed.apply(annals.eventStore(TestDomain.COUNTERS));
    }

    @Override
    public Annals annals() {
        return annals;
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public Annals open(String name) {
        return new Annals(disk.open(name));
    }

    @Override
    public void removeEvents(String name, List<Long> positions) {
        disk.remove(name, positions);
    }
}
