package dev.pdm.rules.decision;

import dev.pdm.model.batchrisk.BatchRiskSignal;
import dev.pdm.model.device.DeviceFacts;
import dev.pdm.model.incident.Incident;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one evaluation sees: either an incident (with its device, null if the registry does
 * not know it) or a batch-risk signal, the tickets around it, and the clock.
 *
 * @param tickets for an incident: the device's open and recently closed tickets; for a batch
 *     signal: the open tickets of the batch (device tickets and any batch-problem ticket)
 * @param now the evaluation instant, from the caller's clock
 */
public record DecisionRequest(
    Incident incident,
    BatchRiskSignal batchSignal,
    DeviceFacts device,
    List<TicketFact> tickets,
    Instant now) {

  public DecisionRequest {
    if ((incident == null) == (batchSignal == null)) {
      throw new IllegalArgumentException("exactly one of incident and batchSignal is required");
    }
    if (now == null) {
      throw new IllegalArgumentException("now is required");
    }
    tickets = tickets == null ? List.of() : List.copyOf(tickets);
  }

  public static DecisionRequest forIncident(
      Incident incident, DeviceFacts device, List<TicketFact> tickets, Instant now) {
    return new DecisionRequest(incident, null, device, tickets, now);
  }

  public static DecisionRequest forBatchSignal(
      BatchRiskSignal signal, List<TicketFact> tickets, Instant now) {
    return new DecisionRequest(null, signal, null, tickets, now);
  }

  /** The incident id or the batch signal id. */
  public String subjectId() {
    return incident != null ? incident.incidentId() : batchSignal.signalId();
  }

  /** The facts inserted into the session for this request, in a fixed order. */
  public List<Object> facts() {
    List<Object> facts = new ArrayList<>(tickets.size() + 5);
    facts.add(new Clock(now));
    if (incident != null) {
      facts.add(IncidentFact.of(incident));
      facts.add(
          device != null
              ? DeviceFact.of(device, now)
              : DeviceFact.unregistered(
                  incident.serial(),
                  incident.deviceClass(),
                  incident.model(),
                  incident.firmware(),
                  incident.batch()));
      facts.add(new Assessment());
    } else {
      facts.add(BatchSignalFact.of(batchSignal));
    }
    facts.addAll(tickets);
    return facts;
  }
}
