package dev.annals.generator;

/** A definition value has no Java meaning; the validator turns it into a {@link DefinitionProblem} for its field. */
final class MappingException extends Exception {

    private final String problem;

    MappingException(String problem) {
        super(problem, null, false, false);
        this.problem = problem;
    }

    /** The message, never null: what is wrong with the value, for its {@link DefinitionProblem}. */
    String problem() {
        return problem;
    }
}
