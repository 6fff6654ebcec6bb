/** The testkit's own small domains: a named counter, its events and its snapshot state; a person and orders with personal data. */
@NullMarked
package dev.annals.testkit.domain;

import org.jspecify.annotations.NullMarked;
