package dev.annals.subscription;

/** What a subscription partition is doing. */
public enum SubscriptionState {
    /** Waiting for its lease, held by another instance. */
    STANDBY,
    /** Reading events that were stored before it reached the head. */
    CATCHING_UP,
    /** At the head, handling events as they are appended. */
    LIVE,
    /** Stopped after an event was parked with {@link PoisonPolicy#STOP}, or by a fatal error. */
    FAILED,
    /** Closed. */
    STOPPED
}
