package dev.pdm.launcher.scenario;

import java.time.Instant;
import java.util.List;

/**
 * One incident (latest version the ticket API recorded) or batch signal, from the incident inbox:
 * proof that a fault's alarms reached the store, whatever the rules then decided.
 *
 * @param kind {@code FAULT}, {@code PREDICTIVE} or {@code BATCH_SIGNAL}
 * @param decision the decision the rules made for its latest version (OPEN, FOLD, SUPPRESS, ...)
 * @param decisions the decision recorded for each of its versions, oldest first
 */
public record StoredIncident(
    String subjectId,
    String kind,
    String serial,
    String batch,
    List<String> codes,
    Instant firstSeen,
    String decision,
    List<Decided> decisions) {

  public StoredIncident {
    codes = codes == null ? List.of() : List.copyOf(codes);
    decisions = decisions == null ? List.of() : List.copyOf(decisions);
  }

  /** An incident whose versions' decisions are not known (only the latest one). */
  public StoredIncident(
      String subjectId,
      String kind,
      String serial,
      String batch,
      List<String> codes,
      Instant firstSeen,
      String decision) {
    this(subjectId, kind, serial, batch, codes, firstSeen, decision, List.of());
  }

  /**
   * What the rules decided for one version of the incident.
   *
   * @param ticketId the ticket the decision opened or changed (FOLD and ESCALATE name the device's
   *     open ticket), null when none
   */
  public record Decided(long version, String decision, Long ticketId) {}
}
