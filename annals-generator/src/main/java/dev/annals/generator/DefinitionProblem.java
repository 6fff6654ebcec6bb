package dev.annals.generator;

/**
 * One thing wrong with a definition, naming the field it concerns.
 *
 * @param field the definition field, e.g. {@code store_type}; {@code (definition)} for the document as a whole
 * @param message what is wrong, e.g. {@code must be one of in_memory, sqlite, postgres, was "redis"}
 */
public record DefinitionProblem(String field, String message) {

    /** The field for problems that concern the whole document. */
    public static final String DOCUMENT = "(definition)";

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
