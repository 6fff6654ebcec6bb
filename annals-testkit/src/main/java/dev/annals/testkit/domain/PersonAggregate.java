package dev.annals.testkit.domain;

import dev.annals.AggregateRoot;
import dev.annals.Snapshotting;
import java.util.UUID;

/**
 * The testkit's aggregate with personal data: a person, whose snapshot state holds the name.
 * Not thread-safe, like every aggregate.
 */
public final class PersonAggregate extends AggregateRoot<UUID, PersonEvent> implements Snapshotting<PersonState> {

    private PersonState state = PersonState.EMPTY;

    public PersonAggregate(UUID id) {
        super(id);
    }

    /** Records {@link PersonEvent.Registered}. */
    public void register(String name, String email, String country) {
        record(new PersonEvent.Registered(name, email, country, 1));
    }

    /** Records {@link PersonEvent.Moved}. */
    public void move(String street, String city) {
        record(new PersonEvent.Moved(new PersonEvent.Address(street, city)));
    }

    public PersonState state() {
        return state;
    }

    @Override
    protected void apply(PersonEvent event) {
        if (event instanceof PersonEvent.Registered registered) {
            state = new PersonState(registered.name(), registered.country(), state.moves());
        } else if (event instanceof PersonEvent.Moved) {
            state = new PersonState(state.name(), state.country(), state.moves() + 1);
        }
    }

    @Override
    public PersonState snapshotState() {
        return state;
    }

    @Override
    public void restoreState(PersonState restored) {
        this.state = restored;
    }
}
