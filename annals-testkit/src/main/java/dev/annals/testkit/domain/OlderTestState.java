package dev.annals.testkit.domain;

/**
 * An earlier shape of {@link TestState}: a different structure, hence a different schema
 * fingerprint. Snapshots written with it must never be used as a {@code TestState}.
 */
public record OlderTestState(String name, long total) {
}
