package dev.annals.subscription;

import dev.annals.AnnalsException;
import org.jspecify.annotations.Nullable;

/** A subscription could not go on (a hook failed, or it was asked for something its state does not allow). */
public class SubscriptionException extends AnnalsException {

    public SubscriptionException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
