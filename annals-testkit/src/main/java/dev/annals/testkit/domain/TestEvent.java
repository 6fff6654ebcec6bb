package dev.annals.testkit.domain;

import dev.annals.EventType;

/** The events of the testkit's small domain: a named counter that can be renamed. */
public sealed interface TestEvent {

    /** Creates the counter. */
    @EventType("testkit-opened")
    record Opened(String name) implements TestEvent {
    }

    /** Changes the counter's name. */
    @EventType("testkit-renamed")
    record Renamed(String name) implements TestEvent {
    }

    /** Adds {@code amount} to the counter. */
    @EventType("testkit-counted")
    record Counted(int amount) implements TestEvent {
    }

    /** An event whose content derives from {@code seed}; distinct seeds give unequal events. */
    static TestEvent of(int seed) {
        return switch (Math.floorMod(seed, 3)) {
            case 0 -> new Opened("opened-" + seed);
            case 1 -> new Renamed("renamed-" + seed);
            default -> new Counted(seed);
        };
    }
}
