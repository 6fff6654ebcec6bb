/**
 * {@code annals console}: a web console for a store, served by the JDK's HTTP server. {@link dev.annals.console.Console}
 * and {@link dev.annals.console.ConsoleOptions} are the API; the pages, feeds and guards are package-private.
 */
@NullMarked
package dev.annals.console;

import org.jspecify.annotations.NullMarked;
