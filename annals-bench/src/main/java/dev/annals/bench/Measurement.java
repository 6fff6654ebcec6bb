package dev.annals.bench;

/**
 * The figure of one workload run.
 *
 * @param value the headline figure (events/s, streams/s, ms, or a ratio)
 * @param detail what else the run showed (times, conflicts, correctness)
 */
record Measurement(double value, String detail) {
}
