package dev.annals.cli;

import dev.annals.AggregateRoot;
import dev.annals.EventType;
import dev.annals.IdCodec;
import dev.annals.Snapshotting;
import dev.annals.StreamCategory;

/** A second domain, with no catalog on the class path: notes whose state counts their edits. Public for a catalog compiled by a test. */
public final class Notes {

    public static final StreamCategory<String, NoteEdited> NOTES = StreamCategory.of("note", IdCodec.string(), NoteEdited.class);

    private Notes() {
    }

    @EventType("note-edited")
    public record NoteEdited(String text) {
    }

    public record NoteState(String text, int edits) {
    }

    public static final class Note extends AggregateRoot<String, NoteEdited> implements Snapshotting<NoteState> {

        private NoteState state = new NoteState("", 0);

        public Note(String id) {
            super(id);
        }

        void edit(String text) {
            record(new NoteEdited(text));
        }

        @Override
        protected void apply(NoteEdited event) {
            state = new NoteState(event.text(), state.edits() + 1);
        }

        @Override
        public NoteState snapshotState() {
            return state;
        }

        @Override
        public void restoreState(NoteState snapshot) {
            state = snapshot;
        }
    }
}
