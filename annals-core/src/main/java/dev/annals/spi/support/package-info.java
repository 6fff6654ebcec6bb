/**
 * The rules every backend shares, each written once: the append decision and the group-commit
 * protocol. A backend calls them; it never re-codes them.
 */
@NullMarked
package dev.annals.spi.support;

import org.jspecify.annotations.NullMarked;
