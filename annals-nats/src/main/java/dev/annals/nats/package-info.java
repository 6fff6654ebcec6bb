/**
 * The NATS JetStream backend: {@code nats://HOST:PORT[,HOST:PORT...]?store=NAME}. One JetStream
 * stream per store holds one message per commit on a subject per event stream; event ids are
 * claimed in a second stream; snapshots live in a KV bucket.
 */
@NullMarked
package dev.annals.nats;

import org.jspecify.annotations.NullMarked;
