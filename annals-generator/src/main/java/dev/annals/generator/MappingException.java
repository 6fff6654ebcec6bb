package dev.annals.generator;

/** A definition value has no Java meaning; the validator turns it into a {@link DefinitionProblem} for its field. */
final class MappingException extends Exception {

    MappingException(String message) {
        super(message, null, false, false);
    }
}
