package dev.pdm.ticket.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.model.device.DeviceFacts;
import dev.pdm.ticket.lifecycle.Priority;
import dev.pdm.ticket.lifecycle.TicketType;
import java.util.List;
import java.util.Set;

/**
 * Everything needed to open a ticket. Device tickets name a serial (looked up in the registry) or
 * bring the {@link DeviceFacts} themselves; batch problems name batch, device class and model.
 *
 * @param sourceRef an external key (e.g. an incident id); a second ticket with the same key is
 *     refused, which makes automatic opening idempotent
 * @param linkedTickets tickets to link; a batch problem links its device tickets this way
 */
public record NewTicket(
    TicketType type,
    Priority priority,
    String title,
    String description,
    String serial,
    DeviceFacts device,
    String batch,
    String deviceClass,
    String model,
    List<String> alarmCodes,
    JsonNode evidence,
    Decision decision,
    String sourceRef,
    List<Long> linkedTickets,
    boolean autoAssign,
    Set<String> requiredSkills) {

  public NewTicket {
    alarmCodes = alarmCodes == null ? List.of() : List.copyOf(alarmCodes);
    linkedTickets = linkedTickets == null ? List.of() : List.copyOf(linkedTickets);
    requiredSkills = requiredSkills == null ? Set.of() : Set.copyOf(requiredSkills);
  }
}
