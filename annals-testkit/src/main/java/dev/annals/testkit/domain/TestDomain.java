package dev.annals.testkit.domain;

import dev.annals.IdCodec;
import dev.annals.StreamCategory;
import java.util.UUID;

/** The stream categories the backend-level suites store the testkit's domain under. */
public final class TestDomain {

    /** The testkit's counters, by UUID. */
    public static final StreamCategory<UUID, TestEvent> COUNTERS = StreamCategory.of("testkit_counter", IdCodec.uuid(), TestEvent.class);

    /** The same events under string ids, for snapshot suites (ids with dashes, spaces and non-ASCII letters). */
    public static final StreamCategory<String, TestEvent> NAMED_COUNTERS =
            StreamCategory.of("testkit_named", IdCodec.string(), TestEvent.class);

    /** A second aggregate type with the same event classes, to check that categories are isolated. */
    public static final StreamCategory<UUID, TestEvent> OTHER_COUNTERS = StreamCategory.of("testkit_other", IdCodec.uuid(), TestEvent.class);

    private TestDomain() {
    }

    /**
     * A view of {@code name} whose registry knows only {@link TestEvent.Opened}: appending another
     * event class is an unregistered class, and reading one is an unknown type name.
     */
    public static StreamCategory<UUID, TestEvent> openedOnly(String name) {
        return StreamCategory.builder(name, IdCodec.uuid(), TestEvent.class).events(TestEvent.Opened.class).build();
    }
}
