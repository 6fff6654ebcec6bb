/**
 * The rules every backend shares, each written once: the append decision, the group-commit
 * protocol and how a store URL writes a duration. A backend calls them; it never re-codes them.
 */
@NullMarked
package dev.annals.spi.support;

import org.jspecify.annotations.NullMarked;
