package dev.pdm.rules.decision;

import java.util.List;
import java.util.Objects;

/**
 * What the rules decided for one incident or batch signal.
 *
 * @param subjectId the incident id or batch signal id decided on
 * @param ticketType OPEN only
 * @param priority OPEN: the new ticket's; ESCALATE: the raised one; REOPEN: the assessed one
 * @param slaPolicy OPEN: the SLA policy name the ticket service applies; ESCALATE: the policy the
 *     ticket runs on from now on (null: the default for its tier and new priority)
 * @param assignmentGroup OPEN only
 * @param title OPEN only
 * @param ticketId FOLD, ESCALATE, REOPEN: the existing ticket
 * @param linkTicketIds batch-problem decisions: device tickets to link, sorted
 * @param reason readable explanation, the deciding rule's first
 * @param rulesFired names of the rules that fired, in firing order
 * @param rulesetVersion the version of the ruleset that decided
 */
public record Decision(
    DecisionKind kind,
    String subjectId,
    TicketType ticketType,
    Priority priority,
    String slaPolicy,
    String assignmentGroup,
    String title,
    String ticketId,
    List<String> linkTicketIds,
    String reason,
    List<String> rulesFired,
    String rulesetVersion) {

  public Decision {
    Objects.requireNonNull(kind, "kind");
    linkTicketIds = linkTicketIds == null ? List.of() : List.copyOf(linkTicketIds);
    rulesFired = rulesFired == null ? List.of() : List.copyOf(rulesFired);
  }

  static Decision none(String subjectId, String rulesetVersion, List<String> rulesFired) {
    return new Decision(
        DecisionKind.NONE,
        subjectId,
        null,
        null,
        null,
        null,
        null,
        null,
        List.of(),
        "no rule decided",
        rulesFired,
        rulesetVersion);
  }

  /**
   * Whether two decisions have the same effect on tickets (kind, type, priority, target ticket,
   * links, SLA policy and assignment), ignoring wording, rule names and ruleset version.
   */
  public boolean sameEffectAs(Decision other) {
    return kind == other.kind
        && ticketType == other.ticketType
        && priority == other.priority
        && Objects.equals(ticketId, other.ticketId)
        && Objects.equals(slaPolicy, other.slaPolicy)
        && Objects.equals(assignmentGroup, other.assignmentGroup)
        && linkTicketIds.equals(other.linkTicketIds);
  }

  /** Short form for reports: {@code OPEN DEVICE_FAULT P1}, {@code FOLD T-42}. */
  public String summary() {
    StringBuilder s = new StringBuilder(summaryWithoutTicket());
    if (ticketId != null) {
      s.append(' ').append(ticketId);
    }
    if (!linkTicketIds.isEmpty()) {
      s.append(" links ").append(linkTicketIds);
    }
    return s.toString();
  }

  /** Kind, type and priority only: the form changes are counted by. */
  public String summaryWithoutTicket() {
    StringBuilder s = new StringBuilder(kind.name());
    if (ticketType != null) {
      s.append(' ').append(ticketType);
    }
    if (priority != null) {
      s.append(' ').append(priority);
    }
    return s.toString();
  }
}
