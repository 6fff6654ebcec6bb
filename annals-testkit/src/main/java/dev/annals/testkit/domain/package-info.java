/** The testkit's own small domain: a named counter, its events and its snapshot state. */
@NullMarked
package dev.annals.testkit.domain;

import org.jspecify.annotations.NullMarked;
