/** The typed API: event stores, snapshot stores, the global log, aggregates and the repository. */
@NullMarked
package dev.annals;

import org.jspecify.annotations.NullMarked;
