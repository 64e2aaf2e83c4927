package dev.pdm.ticket.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.ticket.lifecycle.HoldReason;
import dev.pdm.ticket.lifecycle.Priority;
import dev.pdm.ticket.lifecycle.TicketFacts;
import dev.pdm.ticket.lifecycle.TicketStatus;
import dev.pdm.ticket.lifecycle.TicketType;
import java.time.Instant;
import java.util.List;

/** A ticket as the API shows it; also the before/after image of the audit trail. */
public record TicketView(
    long id,
    long version,
    TicketType type,
    TicketStatus status,
    Priority priority,
    String title,
    String description,
    HoldReason holdReason,
    TicketStatus heldFrom,
    String serial,
    String deviceClass,
    String model,
    String firmware,
    String batch,
    String siteId,
    String region,
    String customerId,
    String customerName,
    String customerTier,
    List<String> alarmCodes,
    int occurrences,
    JsonNode evidence,
    String rootCause,
    List<String> partsUsed,
    boolean noParts,
    String resolutionNote,
    Integer satisfaction,
    String followUpNote,
    String assignee,
    String groupId,
    String openedByRule,
    String openReason,
    JsonNode decision,
    String sourceRef,
    int escalationLevel,
    int reopenCount,
    int openSubtasks,
    String createdBy,
    Instant createdAt,
    Instant updatedAt,
    Instant respondedAt,
    Instant resolvedAt,
    Instant closedAt,
    Instant cancelledAt,
    Instant responseDueAt,
    Instant resolutionDueAt) {

  /** The strong ETag of this version. */
  public String etag() {
    return "\"" + version + "\"";
  }

  public TicketFacts facts() {
    return new TicketFacts(
        type,
        status,
        heldFrom,
        assignee,
        rootCause,
        partsUsed == null ? 0 : partsUsed.size(),
        noParts,
        evidence != null && !evidence.isNull() && !evidence.isEmpty(),
        openSubtasks);
  }
}
