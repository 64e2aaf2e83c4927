package dev.pdm.ticket.lifecycle;

/** What a caller asks a ticket to do; assignment has its own operation. */
public enum TicketAction {
  START,
  HOLD,
  RESUME,
  RESOLVE,
  FOLLOW_UP,
  CLOSE,
  CANCEL,
  REOPEN
}
