package dev.annals;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What {@link Annals#copy} copies and how: every stream or only those of some categories, the page
 * size that bounds its memory, and a listener told of its progress. Immutable; each {@code with}
 * method returns a new instance and fails at once on a bad value. Thread-safe.
 *
 * <pre>{@code
 * CopyReport report = Annals.copy(from, to, CopyOptions.everything().categories("ticket").onProgress(p -> log(p)));
 * }</pre>
 */
public final class CopyOptions {

    /** The default number of events read from the source per page. */
    public static final int DEFAULT_PAGE_SIZE = 2_000;

    private static final Pattern CATEGORY = Pattern.compile("[A-Za-z][A-Za-z0-9_.]*");
    private static final CopyListener SILENT = progress -> { };

    private final List<String> categories;
    private final int pageSize;
    private final CopyListener listener;
    private final boolean streamStates;

    private CopyOptions(List<String> categories, int pageSize, CopyListener listener, boolean streamStates) {
        this.categories = categories;
        this.pageSize = pageSize;
        this.listener = listener;
        this.streamStates = streamStates;
    }

    /** Every stream, pages of {@value #DEFAULT_PAGE_SIZE} events, no listener. */
    public static CopyOptions everything() {
        return new CopyOptions(List.of(), DEFAULT_PAGE_SIZE, SILENT, true);
    }

    /**
     * Only the streams of these categories (by their {@link StreamCategory#name()}: streams named
     * {@code name-…}), added to those given before.
     */
    public CopyOptions categories(String... names) {
        InvalidArgumentException.requireNonNull(names, "category names");
        List<String> all = new ArrayList<>(categories);
        for (String name : names) {
            InvalidArgumentException.requireNonNull(name, "category name");
            InvalidArgumentException.require(CATEGORY.matcher(name).matches(), () -> "category name " + Limits.shown(name)
                    + " is not a category name (a letter, then letters, digits, '_' or '.')");
            if (!all.contains(name)) {
                all.add(name);
            }
        }
        return new CopyOptions(List.copyOf(all), pageSize, listener, streamStates);
    }

    /**
     * Reads {@code events} events of the source per page (1 to {@value Limits#MAX_APPEND_EVENTS}). The copy
     * holds at most one page of the source and, while it verifies, one page of each store in memory.
     */
    public CopyOptions pageSize(int events) {
        InvalidArgumentException.require(events >= 1 && events <= Limits.MAX_APPEND_EVENTS,
                () -> "copy page size must be 1 to " + Limits.MAX_APPEND_EVENTS + " events, was " + events);
        return new CopyOptions(categories, events, listener, streamStates);
    }

    /**
     * Tells {@code listener} of the progress after each page is written, on the copying thread. An
     * exception it throws stops the copy there; what was written stays, and a later copy resumes after it.
     */
    public CopyOptions onProgress(CopyListener listener) {
        InvalidArgumentException.requireNonNull(listener, "copy listener");
        return new CopyOptions(categories, pageSize, listener, streamStates);
    }

    /**
     * Leaves the deletes of the copied streams out: in the target a soft-deleted stream reads as present with
     * all its events, and a stream deleted for good is absent and can be written again. For a target that
     * cannot keep deletes ({@link dev.annals.spi.Capability#DELETE_STREAMS}), which the copy refuses otherwise.
     * Truncations are carried still: a truncated stream's remaining events keep their versions only after its mark.
     */
    public CopyOptions withoutStreamStates() {
        return new CopyOptions(categories, pageSize, listener, false);
    }

    /** The categories copied; empty for every stream. */
    public List<String> categories() {
        return categories;
    }

    public int pageSize() {
        return pageSize;
    }

    public CopyListener listener() {
        return listener;
    }

    /** Whether the copy carries the copied streams' deletes (the default), or leaves them out. */
    public boolean streamStates() {
        return streamStates;
    }

    @Override
    public String toString() {
        return "CopyOptions[categories=" + (categories.isEmpty() ? "all" : categories) + ", pageSize=" + pageSize
                + (streamStates ? "" : ", withoutStreamStates") + "]";
    }
}
