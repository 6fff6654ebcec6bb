/**
 * The rules every backend shares, each written once: the append decision, the group-commit
 * protocol, how a store URL writes a duration and the loop that tries a step again until a deadline.
 * A backend calls them; it never re-codes them.
 */
@NullMarked
package dev.annals.spi.support;

import org.jspecify.annotations.NullMarked;
