package dev.annals.testkit.domain;

import dev.annals.AggregateRoot;
import dev.annals.Snapshotting;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The testkit's aggregate: a named counter. Its state is exactly what {@link TestState} holds, so
 * that a snapshot round trip can be checked with {@code equals}.
 *
 * <p>Not thread-safe, like every aggregate.
 */
public final class TestAggregate extends AggregateRoot<UUID, TestEvent> implements Snapshotting<TestState> {

    private TestState state = TestState.EMPTY;

    public TestAggregate(UUID id) {
        super(id);
    }

    /** Records {@link TestEvent.Opened}. */
    public void open(String name) {
        record(new TestEvent.Opened(name));
    }

    /** Records {@link TestEvent.Renamed}. */
    public void rename(String name) {
        record(new TestEvent.Renamed(name));
    }

    /** Records {@link TestEvent.Counted}. */
    public void count(int amount) {
        record(new TestEvent.Counted(amount));
    }

    /** The current state (the same value a snapshot would hold). */
    public TestState state() {
        return state;
    }

    @Override
    protected void apply(TestEvent event) {
        TestState s = state;
        if (event instanceof TestEvent.Opened opened) {
            state = new TestState(opened.name(), s.total(), s.changes() + 1, append(s.names(), opened.name()),
                    TestState.Phase.OPEN, s.updatedAt(), s.ref(), s.note());
        } else if (event instanceof TestEvent.Renamed renamed) {
            state = new TestState(renamed.name(), s.total(), s.changes() + 1, append(s.names(), renamed.name()),
                    TestState.Phase.RENAMED, s.updatedAt(), s.ref(), s.note());
        } else if (event instanceof TestEvent.Counted counted) {
            state = new TestState(s.name(), s.total() + counted.amount(), s.changes() + 1, s.names(), s.phase(), s.updatedAt(),
                    s.ref(), new TestState.Note("last " + counted.amount(), counted.amount()));
        } else {
            throw new IllegalArgumentException("unknown event " + event);
        }
    }

    private static List<String> append(List<String> names, String name) {
        List<String> copy = new ArrayList<>(names);
        copy.add(name);
        return copy;
    }

    @Override
    public TestState snapshotState() {
        return state;
    }

    @Override
    public void restoreState(TestState restored) {
        this.state = restored;
    }
}
