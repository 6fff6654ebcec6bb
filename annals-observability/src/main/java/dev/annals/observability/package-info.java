/**
 * Micrometer meters and OpenTelemetry spans for Annals: {@link dev.annals.observability.AnnalsObservability}
 * is the {@link dev.annals.instrumentation.Instrumentation} to open a store with. The module's README lists
 * every meter and span.
 */
@NullMarked
package dev.annals.observability;

import org.jspecify.annotations.NullMarked;
