package dev.pdm.rules.decision;

import java.time.Instant;
import java.util.List;

/**
 * A ticket the rules may fold into, escalate, reopen or link: the open and recently closed tickets
 * of the device (for an incident) or of the batch (for a batch signal).
 *
 * @param serial the device of a device ticket; null for a batch-problem ticket
 * @param codes alarm codes on the ticket, primary first
 * @param closedAt null while open
 * @param incidentIds incidents folded into the ticket
 * @param failureMode the catalogue family of the ticket's primary code (or of the batch problem)
 */
public record TicketFact(
    String id,
    String serial,
    TicketType type,
    TicketStatus status,
    Priority priority,
    List<String> codes,
    Instant openedAt,
    Instant closedAt,
    List<String> incidentIds,
    String batch,
    String failureMode) {

  public TicketFact {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("ticket id is required");
    }
    if (type == null || status == null || priority == null || openedAt == null) {
      throw new IllegalArgumentException("ticket " + id + ": type, status, priority, openedAt");
    }
    if (status == TicketStatus.CLOSED && closedAt == null) {
      throw new IllegalArgumentException("closed ticket " + id + " needs closedAt");
    }
    codes = codes == null ? List.of() : List.copyOf(codes);
    incidentIds = incidentIds == null ? List.of() : List.copyOf(incidentIds);
  }

  public boolean isOpen() {
    return status == TicketStatus.OPEN;
  }

  public boolean hasCode(String code) {
    return codes.contains(code);
  }

  public boolean hasIncident(String incidentId) {
    return incidentIds.contains(incidentId);
  }

  /** Device tickets are the ones a batch-problem ticket links. */
  public boolean isDeviceTicket() {
    return type != TicketType.BATCH_PROBLEM;
  }
}
