package dev.annals.testkit;

import dev.annals.Annals;
import dev.annals.memory.MemoryBackend;

/** The conformance kit's {@link PersonalDataContract} on the memory backend. */
class MemoryPersonalDataTest extends PersonalDataContract {

    private final Annals annals = new Annals(new MemoryBackend());

    @Override
    protected AnnalsFixture fixture() {
        return () -> annals;
    }
}
