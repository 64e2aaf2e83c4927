package dev.pdm.ticket.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.ticket.lifecycle.Priority;
import java.util.List;

/** Field edits of an open ticket; null leaves a field as it is. */
public record TicketChanges(
    String title,
    String description,
    Priority priority,
    String rootCause,
    List<String> partsUsed,
    Boolean noParts,
    String resolutionNote,
    JsonNode evidence,
    List<String> alarmCodes) {}
