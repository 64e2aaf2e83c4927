package dev.pdm.rules.decision;

/**
 * What the rules need to know of a ticket's lifecycle: whether work is still going on. The ticket
 * service maps every state before CLOSED (NEW, ASSIGNED, IN_SERVICE, ON_HOLD, RESOLVED, FOLLOW_UP)
 * to OPEN and CLOSED to CLOSED; cancelled tickets are not passed in.
 */
public enum TicketStatus {
  OPEN,
  CLOSED
}
