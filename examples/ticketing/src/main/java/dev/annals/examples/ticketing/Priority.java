package dev.annals.examples.ticketing;

public enum Priority { LOW, NORMAL, HIGH, URGENT }
