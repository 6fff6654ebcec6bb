package dev.annals.subscription;

/** What a subscription does once an event has failed its last try; in both cases the event is parked. */
public enum PoisonPolicy {

    /** Park the event and stop the subscription (the default): nothing after it is handled until an operator acts. */
    STOP,

    /** Park the event and go on with the next one. */
    CONTINUE
}
