package dev.pdm.ticket.lifecycle;

/** Where a ticket is in its life. */
public enum TicketStatus {
  NEW,
  ASSIGNED,
  IN_SERVICE,
  ON_HOLD,
  RESOLVED,
  FOLLOW_UP,
  CLOSED,
  CANCELLED;

  /** Open tickets count towards an engineer's load and keep their SLA clocks running. */
  public boolean isOpen() {
    return this == NEW || this == ASSIGNED || this == IN_SERVICE || this == ON_HOLD;
  }
}
