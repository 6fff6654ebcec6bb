package dev.annals.cli.bench;

/**
 * The figure of one workload run.
 *
 * @param value the headline figure (events/s, streams/s, ms, or a ratio)
 * @param detail what else the run showed (times, conflicts, correctness)
 */
public record Measurement(double value, String detail) {
}
