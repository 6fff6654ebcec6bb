package dev.annals;

import dev.annals.spi.Capability;

/** The store's backend does not support what was asked (see {@link Capability}); nothing was changed. */
public class UnsupportedCapabilityException extends AnnalsException {

    private final Capability capability;

    public UnsupportedCapabilityException(Capability capability, String store) {
        super("The store " + store + " does not support " + capability);
        this.capability = capability;
    }

    public Capability capability() {
        return capability;
    }
}
