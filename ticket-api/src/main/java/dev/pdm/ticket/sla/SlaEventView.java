package dev.pdm.ticket.sla;

import java.time.Instant;

/** A warning or escalation that fired. */
public record SlaEventView(
    String clock, int level, String kind, Instant dueAt, Instant firedAt, String firedBy) {}
