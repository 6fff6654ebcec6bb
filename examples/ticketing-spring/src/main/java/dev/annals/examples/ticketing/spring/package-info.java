/**
 * The ticketing domain of {@code examples/ticketing} on Spring Boot: {@link
 * dev.annals.examples.ticketing.spring.TicketController} opens, assigns and closes tickets through an
 * {@code EventSourcedRepository}; the open-tickets projection runs as a managed subscription; health and
 * Prometheus metrics come from the Actuator.
 */
@NullMarked
package dev.annals.examples.ticketing.spring;

import org.jspecify.annotations.NullMarked;
