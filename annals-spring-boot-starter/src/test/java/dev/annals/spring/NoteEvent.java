package dev.annals.spring;

import dev.annals.EventType;
import dev.annals.IdCodec;
import dev.annals.StreamCategory;
import java.util.UUID;

/** The events of the tests: notes, and one that the tests' handlers refuse (a poison event). */
sealed interface NoteEvent {

    StreamCategory<UUID, NoteEvent> NOTES = StreamCategory.of("note", IdCodec.uuid(), NoteEvent.class);

    @EventType("note-written")
    record Written(String text) implements NoteEvent {
    }

    @EventType("note-poison")
    record Poison(String why) implements NoteEvent {
    }
}
