package dev.pdm.ticket.lifecycle;

/**
 * What the state machine needs to know about a ticket to judge a transition: its current state and
 * the things the requirements look at.
 */
public record TicketFacts(
    TicketType type,
    TicketStatus status,
    TicketStatus heldFrom,
    String assignee,
    String rootCause,
    int partsUsed,
    boolean noParts,
    boolean hasEvidence,
    int openSubtasks) {}
