package dev.pdm.ticket.db;

/** A JSON document to be written to a jsonb column (bound as text and cast, so it stays raw). */
public record Jsonb(String json) {}
