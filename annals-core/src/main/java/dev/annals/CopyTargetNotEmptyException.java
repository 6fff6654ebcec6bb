package dev.annals;

/**
 * {@link Annals#copy} refused a target that holds data other than a prefix of this copy (another store's
 * events, or events of categories this copy does not include). Nothing was written to it.
 */
public class CopyTargetNotEmptyException extends AnnalsException {

    private final String target;

    public CopyTargetNotEmptyException(String target, String what) {
        super("The copy target " + target + " holds data that is not a part of this copy, so nothing was copied: " + what
                + "; copy into an empty store");
        this.target = target;
    }

    /** The target store, as it describes itself. */
    public String target() {
        return target;
    }
}
