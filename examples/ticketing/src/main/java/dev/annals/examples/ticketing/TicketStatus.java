package dev.annals.examples.ticketing;

public enum TicketStatus { OPEN, RESOLVED }
