package dev.pdm.ticket.lifecycle;

import java.util.List;

/** The verdict on a requested transition. */
public sealed interface TransitionOutcome {

  /** The transition may happen and leads to {@code target}. */
  record Allowed(TicketStatus target) implements TransitionOutcome {}

  /** The action makes no sense from the current status (a conflict with the ticket's state). */
  record Illegal(TicketStatus from, TicketAction action, String detail)
      implements TransitionOutcome {}

  /** The action is possible from here, but requirements are missing. */
  record Unmet(TicketAction action, List<Violation> violations) implements TransitionOutcome {}
}
