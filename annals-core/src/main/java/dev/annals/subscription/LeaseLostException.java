package dev.annals.subscription;

import dev.annals.AnnalsException;

/**
 * A subscription instance wrote with a fencing token that is no longer current: another instance
 * took its lease over (it was paused or cut off past its lease), or the subscription was reset.
 * Nothing was written.
 */
public class LeaseLostException extends AnnalsException {

    public LeaseLostException(String subscription, int partition, long token) {
        super("Subscription " + subscription + " partition " + partition + ": fencing token " + token
                + " is no longer current (another instance holds the lease, or the subscription was reset); nothing was written");
    }
}
