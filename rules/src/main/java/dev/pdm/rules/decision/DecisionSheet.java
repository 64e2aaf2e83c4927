package dev.pdm.rules.decision;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.kie.api.definition.type.ClassReactive;

/**
 * The output collector the rules write their decision into (rules never print). The first decision
 * rule to fire decides; every decision rule's pattern requires {@code undecided}, so once one has
 * decided (inside {@code modify}) the others' activations are cancelled. Refinement rules may then
 * change the type, priority or routing of an OPEN decision and add notes.
 */
@ClassReactive
public final class DecisionSheet {

  private DecisionKind kind;
  private TicketType ticketType;
  private Priority priority;
  private String slaPolicy;
  private String assignmentGroup;
  private String title;
  private String ticketId;
  private final TreeSet<String> linkTicketIds = new TreeSet<>();
  private final List<String> reasons = new ArrayList<>();

  public boolean isUndecided() {
    return kind == null;
  }

  public DecisionKind getKind() {
    return kind;
  }

  public TicketType getTicketType() {
    return ticketType;
  }

  public Priority getPriority() {
    return priority;
  }

  public String getTicketId() {
    return ticketId;
  }

  public void open(
      TicketType type,
      Priority priority,
      String slaPolicy,
      String assignmentGroup,
      String title,
      String reason) {
    require(type, "ticket type");
    require(priority, "priority");
    decide(DecisionKind.OPEN, reason);
    this.ticketType = type;
    this.priority = priority;
    this.slaPolicy = slaPolicy;
    this.assignmentGroup = assignmentGroup;
    this.title = title;
  }

  public void fold(String ticketId, String reason) {
    require(ticketId, "ticket id");
    decide(DecisionKind.FOLD, reason);
    this.ticketId = ticketId;
  }

  public void escalate(String ticketId, Priority newPriority, String reason) {
    escalate(ticketId, newPriority, null, reason);
  }

  /**
   * Escalates to a more urgent priority and names the SLA policy the ticket runs on from now on
   * (null: the ticket service's default for its tier and the new priority).
   */
  public void escalate(String ticketId, Priority newPriority, String slaPolicy, String reason) {
    require(ticketId, "ticket id");
    require(newPriority, "priority");
    decide(DecisionKind.ESCALATE, reason);
    this.ticketId = ticketId;
    this.priority = newPriority;
    this.slaPolicy = slaPolicy;
  }

  public void reopen(String ticketId, Priority priority, String reason) {
    require(ticketId, "ticket id");
    decide(DecisionKind.REOPEN, reason);
    this.ticketId = ticketId;
    this.priority = priority;
  }

  public void suppress(String reason) {
    decide(DecisionKind.SUPPRESS, reason);
  }

  /** Ticket ids a batch-problem decision links (kept sorted, duplicates dropped). */
  public void link(Collection<?> ticketIds) {
    for (Object id : ticketIds) {
      linkTicketIds.add(String.valueOf(id));
    }
  }

  /** Re-routes an OPEN decision to another type, SLA policy and assignment group. */
  public void retype(TicketType type, String slaPolicy, String assignmentGroup, String reason) {
    requireDecided();
    require(type, "ticket type");
    this.ticketType = type;
    this.slaPolicy = slaPolicy;
    this.assignmentGroup = assignmentGroup;
    reasons.add(reason);
  }

  public void note(String reason) {
    reasons.add(reason);
  }

  /** The decision, or NONE when no rule decided. */
  public Decision toDecision(String subjectId, String rulesetVersion, List<String> rulesFired) {
    if (kind == null) {
      return Decision.none(subjectId, rulesetVersion, rulesFired);
    }
    return new Decision(
        kind,
        subjectId,
        ticketType,
        priority,
        slaPolicy,
        assignmentGroup,
        title,
        ticketId,
        List.copyOf(linkTicketIds),
        String.join("; ", reasons),
        rulesFired,
        rulesetVersion);
  }

  private void decide(DecisionKind decided, String reason) {
    if (kind != null) {
      throw new IllegalStateException(
          "already decided " + kind + "; a decision rule must require an undecided sheet");
    }
    kind = decided;
    reasons.add(reason);
  }

  /** A rule that passes null here has a bug its example cases should show, not a null ticket. */
  private static void require(Object value, String what) {
    if (value == null) {
      throw new IllegalArgumentException("a decision needs a " + what);
    }
  }

  private void requireDecided() {
    if (kind == null) {
      throw new IllegalStateException("nothing decided yet");
    }
  }
}
