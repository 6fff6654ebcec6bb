/**
 * The standard workloads of Annals' benchmarks (W1-W6), run by {@code annals bench} and by the
 * benchmark module's {@code WorkloadRunner}: one copy of what is measured, at the standard sizes or
 * scaled down for tests.
 */
@NullMarked
package dev.annals.cli.bench;

import org.jspecify.annotations.NullMarked;
