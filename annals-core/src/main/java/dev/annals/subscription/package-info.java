/**
 * Subscriptions: follow the global log from a checkpoint — catch-up, then live — with one active
 * instance per subscription partition, retries and parked events, and exactly-once projections on
 * SQL backends.
 */
@NullMarked
package dev.annals.subscription;

import org.jspecify.annotations.NullMarked;
