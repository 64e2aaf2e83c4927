package dev.pdm.ticket.lifecycle;

/** A requirement that is not met, naming the field that is missing or wrong. */
public record Violation(String field, String message) {}
