/** The byte-level storage SPI that a backend implements once; everything typed lives above it. */
@NullMarked
package dev.annals.spi;

import org.jspecify.annotations.NullMarked;
