/**
 * The conformance kit: abstract JUnit 5 suites (with jqwik properties) that a backend, or a user's
 * own store, extends through one small fixture. Typed suites: {@link dev.annals.testkit.EventStoreContract},
 * {@link dev.annals.testkit.SnapshotStoreContract}; backend suites: {@link dev.annals.testkit.BackendEventStoreContract},
 * {@link dev.annals.testkit.BackendSnapshotStoreContract}, {@link dev.annals.testkit.EventLogContract},
 * {@link dev.annals.testkit.RepositoryContract}.
 *
 * <p>jqwik keeps a failure database in the working directory unless told otherwise; set
 * {@code jqwik.database = target/.jqwik-database} in {@code src/test/resources/junit-platform.properties}.
 */
@NullMarked
package dev.annals.testkit;

import org.jspecify.annotations.NullMarked;
