/** The in-memory reference backend. */
@NullMarked
package dev.annals.memory;

import org.jspecify.annotations.NullMarked;
