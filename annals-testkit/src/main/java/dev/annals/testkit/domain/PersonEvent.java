package dev.annals.testkit.domain;

import dev.annals.DataSubject;
import dev.annals.EventType;
import dev.annals.PersonalData;
import org.jspecify.annotations.Nullable;

/**
 * The events of the testkit's personal-data domain: a person whose name, e-mail and street are
 * personal data of the person's stream, and orders whose shipping name is personal data of the
 * customer who placed them ({@link DataSubject}). Personal components are {@code @Nullable}: they read
 * as null once their subject is forgotten.
 */
public sealed interface PersonEvent {

    /** A person registered: name and e-mail are personal, the country and the tier are not. */
    @EventType("testkit-person-registered")
    record Registered(@PersonalData @Nullable String name, @PersonalData @Nullable String email, String country, int tier) implements PersonEvent {
    }

    /** A person moved: the street of the address is personal, the city is not. */
    @EventType("testkit-person-moved")
    record Moved(Address address) implements PersonEvent {
    }

    /** An address with one personal component. */
    record Address(@PersonalData @Nullable String street, String city) {
    }

    /** An order of {@code customerId}, whose shipping name is the customer's personal data. */
    @EventType("testkit-order-placed")
    record OrderPlaced(@DataSubject String customerId, @PersonalData @Nullable String shipTo, long cents) implements PersonEvent {
    }
}
