/**
 * {@code annals generate}: reads a component definition (JSON, validated against a JSON Schema),
 * and generates a snapshot store or event store class for one aggregate type together with a test
 * that runs the Annals conformance suite against it.
 *
 * <p>Entry points: {@link dev.annals.generator.GenerateCommand} for the command line and
 * {@link dev.annals.generator.Generator} for programs.
 */
@NullMarked
package dev.annals.generator;

import org.jspecify.annotations.NullMarked;
