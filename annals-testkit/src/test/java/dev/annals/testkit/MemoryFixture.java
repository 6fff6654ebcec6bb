package dev.annals.testkit;

import dev.annals.Annals;

/** The fixture of the in-memory conformance classes: one in-memory store shared by all of them. */
final class MemoryFixture {

    static final Annals MEMORY = Annals.open("memory:");

    static final AnnalsFixture FIXTURE = () -> MEMORY;

    private MemoryFixture() {
    }
}
