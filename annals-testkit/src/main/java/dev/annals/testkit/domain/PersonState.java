package dev.annals.testkit.domain;

import dev.annals.PersonalData;
import org.jspecify.annotations.Nullable;

/** The snapshot state of {@link PersonAggregate}: the name is personal data (null once the person is forgotten). */
public record PersonState(@PersonalData @Nullable String name, String country, int moves) {

    /** A person that has seen no event. */
    public static final PersonState EMPTY = new PersonState("", "", 0);
}
