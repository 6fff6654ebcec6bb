package dev.annals.spi;

/**
 * A stored checkpoint of a subscription partition.
 *
 * @param position the position of the last event handled (0: none)
 * @param resetPending the subscription was reset to {@code position} and its handler's reset hook has not run yet;
 *     the next checkpoint written clears it
 */
public record Checkpoint(long position, boolean resetPending) {
}
