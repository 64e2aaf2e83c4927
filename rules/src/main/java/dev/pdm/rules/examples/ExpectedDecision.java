package dev.pdm.rules.examples;

import dev.pdm.rules.decision.Decision;
import dev.pdm.rules.decision.DecisionKind;
import dev.pdm.rules.decision.Priority;
import dev.pdm.rules.decision.TicketType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an example case expects. Only {@code kind} is required; a null field is not checked.
 *
 * @param ticketId for FOLD, ESCALATE and REOPEN: the ticket acted on
 * @param linkTicketIds for batch problems: the linked tickets, in any order
 * @param slaPolicy for OPEN and ESCALATE: the SLA policy the ticket service applies
 * @param assignmentGroup for OPEN: the group the ticket goes to
 */
public record ExpectedDecision(
    DecisionKind kind,
    TicketType ticketType,
    Priority priority,
    String ticketId,
    List<String> linkTicketIds,
    String slaPolicy,
    String assignmentGroup) {

  public ExpectedDecision {
    Objects.requireNonNull(kind, "an example must expect a decision kind");
  }

  /** An expectation that leaves routing (SLA policy, assignment group) unchecked. */
  public ExpectedDecision(
      DecisionKind kind,
      TicketType ticketType,
      Priority priority,
      String ticketId,
      List<String> linkTicketIds) {
    this(kind, ticketType, priority, ticketId, linkTicketIds, null, null);
  }

  /** Readable differences between this expectation and the actual decision; empty if it holds. */
  public List<String> mismatches(Decision actual) {
    List<String> out = new ArrayList<>();
    check(out, "kind", kind, actual.kind());
    check(out, "ticketType", ticketType, actual.ticketType());
    check(out, "priority", priority, actual.priority());
    check(out, "ticketId", ticketId, actual.ticketId());
    check(out, "slaPolicy", slaPolicy, actual.slaPolicy());
    check(out, "assignmentGroup", assignmentGroup, actual.assignmentGroup());
    if (linkTicketIds != null
        && !linkTicketIds.stream().sorted().toList().equals(actual.linkTicketIds())) {
      out.add("linkTicketIds: expected " + linkTicketIds + " but was " + actual.linkTicketIds());
    }
    return out;
  }

  private static void check(List<String> out, String field, Object expected, Object actual) {
    if (expected != null && !expected.equals(actual)) {
      out.add(field + ": expected " + expected + " but was " + actual);
    }
  }
}
