/**
 * The hook through which Annals reports what it does, for metrics and traces: {@link dev.annals.instrumentation.Instrumentation}.
 * It names no metrics or tracing library; {@code annals-observability} implements it with Micrometer and
 * OpenTelemetry. Without one, Annals uses {@link dev.annals.instrumentation.Instrumentation#NONE}, which does nothing.
 */
@NullMarked
package dev.annals.instrumentation;

import org.jspecify.annotations.NullMarked;
