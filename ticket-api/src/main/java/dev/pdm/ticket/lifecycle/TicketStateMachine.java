package dev.pdm.ticket.lifecycle;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ticket lifecycle: NEW -> ASSIGNED -> IN_SERVICE -> RESOLVED -> FOLLOW_UP -> CLOSED, with
 * ON_HOLD, CANCELLED and reopen. Pure: it judges, the service applies.
 */
public final class TicketStateMachine {

  private static final Map<TicketAction, Set<TicketStatus>> ALLOWED_FROM =
      Map.of(
          TicketAction.START, EnumSet.of(TicketStatus.ASSIGNED),
          TicketAction.HOLD, EnumSet.of(TicketStatus.ASSIGNED, TicketStatus.IN_SERVICE),
          TicketAction.RESUME, EnumSet.of(TicketStatus.ON_HOLD),
          TicketAction.RESOLVE, EnumSet.of(TicketStatus.IN_SERVICE),
          TicketAction.FOLLOW_UP, EnumSet.of(TicketStatus.RESOLVED),
          TicketAction.CLOSE, EnumSet.of(TicketStatus.FOLLOW_UP),
          TicketAction.CANCEL,
              EnumSet.of(
                  TicketStatus.NEW,
                  TicketStatus.ASSIGNED,
                  TicketStatus.IN_SERVICE,
                  TicketStatus.ON_HOLD),
          TicketAction.REOPEN,
              EnumSet.of(TicketStatus.RESOLVED, TicketStatus.FOLLOW_UP, TicketStatus.CLOSED));

  private static final Set<TicketStatus> ASSIGNABLE =
      EnumSet.of(
          TicketStatus.NEW, TicketStatus.ASSIGNED, TicketStatus.IN_SERVICE, TicketStatus.ON_HOLD);

  /**
   * Judges an action.
   *
   * @param holdReason required for HOLD
   * @param reason free text, required for CANCEL and REOPEN
   */
  public TransitionOutcome judge(
      TicketFacts t, TicketAction action, HoldReason holdReason, String reason) {
    if (!ALLOWED_FROM.get(action).contains(t.status())) {
      return new TransitionOutcome.Illegal(
          t.status(),
          action,
          "cannot "
              + action
              + " a ticket that is "
              + t.status()
              + "; allowed from "
              + ALLOWED_FROM.get(action));
    }
    List<Violation> missing = new ArrayList<>();
    TicketStatus target =
        switch (action) {
          case START -> TicketStatus.IN_SERVICE;
          case HOLD -> {
            if (holdReason == null) {
              missing.add(new Violation("holdReason", "is required to put a ticket on hold"));
            }
            yield TicketStatus.ON_HOLD;
          }
          case RESUME -> t.heldFrom() == null ? TicketStatus.IN_SERVICE : t.heldFrom();
          case RESOLVE -> {
            if (blank(t.rootCause())) {
              missing.add(new Violation("rootCause", "is required before RESOLVED"));
            }
            if (t.partsUsed() == 0 && !t.noParts()) {
              missing.add(
                  new Violation(
                      "partsUsed", "list the parts used, or set noParts, before RESOLVED"));
            }
            if (t.partsUsed() > 0 && t.noParts()) {
              missing.add(new Violation("noParts", "contradicts the parts listed in partsUsed"));
            }
            if (t.type().needsEvidenceToResolve() && !t.hasEvidence()) {
              missing.add(
                  new Violation(
                      "evidence", "a " + t.type() + " ticket needs evidence before RESOLVED"));
            }
            yield TicketStatus.RESOLVED;
          }
          case FOLLOW_UP -> TicketStatus.FOLLOW_UP;
          case CLOSE -> {
            if (t.openSubtasks() > 0) {
              missing.add(
                  new Violation(
                      "subtasks", t.openSubtasks() + " sub-task(s) still open; close them first"));
            }
            yield TicketStatus.CLOSED;
          }
          case CANCEL -> {
            if (blank(reason)) {
              missing.add(new Violation("reason", "is required to cancel a ticket"));
            }
            yield TicketStatus.CANCELLED;
          }
          case REOPEN -> {
            if (blank(reason)) {
              missing.add(new Violation("reason", "is required to reopen a ticket"));
            }
            yield t.assignee() == null ? TicketStatus.NEW : TicketStatus.ASSIGNED;
          }
        };
    return missing.isEmpty()
        ? new TransitionOutcome.Allowed(target)
        : new TransitionOutcome.Unmet(action, List.copyOf(missing));
  }

  /** Assigning (or reassigning) is possible while the ticket is open; NEW becomes ASSIGNED. */
  public TransitionOutcome judgeAssignment(TicketFacts t) {
    if (!ASSIGNABLE.contains(t.status())) {
      return new TransitionOutcome.Illegal(
          t.status(), null, "cannot assign a ticket that is " + t.status());
    }
    return new TransitionOutcome.Allowed(
        t.status() == TicketStatus.NEW ? TicketStatus.ASSIGNED : t.status());
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
