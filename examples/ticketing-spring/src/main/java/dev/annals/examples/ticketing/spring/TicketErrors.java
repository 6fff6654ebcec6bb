package dev.annals.examples.ticketing.spring;

import dev.annals.AggregateNotFoundException;
import dev.annals.EventStoreConflictException;
import dev.annals.InvalidArgumentException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Annals' typed errors as HTTP problems: the message says what was wrong, never a stack trace. */
@RestControllerAdvice
public class TicketErrors {

    @ExceptionHandler(AggregateNotFoundException.class)
    public ProblemDetail notFound(AggregateNotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(InvalidArgumentException.class)
    public ProblemDetail invalid(InvalidArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    /** Another request changed the ticket between this one's load and save: the client reloads and retries. */
    @ExceptionHandler(EventStoreConflictException.class)
    public ProblemDetail conflict(EventStoreConflictException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }
}
