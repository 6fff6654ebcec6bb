package dev.annals;

/** Told of a copy's progress after each page it writes; see {@link CopyOptions#onProgress}. */
@FunctionalInterface
public interface CopyListener {

    /** Called on the copying thread; an exception thrown here stops the copy (a later copy resumes). */
    void progress(CopyProgress progress);
}
