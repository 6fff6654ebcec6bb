package dev.annals.generator;

import dev.annals.AnnalsException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A definition cannot be used; nothing was generated or written. Carries every problem found, each
 * naming its field; the message lists them all on one line.
 */
public class InvalidDefinitionException extends AnnalsException {

    private final String source;
    private final List<DefinitionProblem> problems;

    public InvalidDefinitionException(String source, List<DefinitionProblem> problems) {
        super("Invalid definition " + source + ": " + problems.stream().map(DefinitionProblem::toString)
                .collect(Collectors.joining("; ")));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** The definition's file name. */
    public String source() {
        return source;
    }

    /** Every problem found, in field order. */
    public List<DefinitionProblem> problems() {
        return problems;
    }
}
