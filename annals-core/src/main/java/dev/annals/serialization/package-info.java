/** Event type names, JSON through Jackson, upcasters and schema fingerprints. */
@NullMarked
package dev.annals.serialization;

import org.jspecify.annotations.NullMarked;
