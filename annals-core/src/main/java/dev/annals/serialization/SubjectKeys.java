package dev.annals.serialization;

import java.util.Optional;

/** Where {@link PersonalDataCipher} gets the data key of a subject. Implementations are thread-safe. */
public interface SubjectKeys {

    /** The current key of {@code subject}, created (and stored) on first use. */
    SubjectKey forSealing(String subject);

    /**
     * The key of {@code subject} with id {@code keyId} (from a sealed value); empty when the subject
     * has no such key any more: it was forgotten.
     */
    Optional<SubjectKey> forOpening(String subject, byte[] keyId);
}
