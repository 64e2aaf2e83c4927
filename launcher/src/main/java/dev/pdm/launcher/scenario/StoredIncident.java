package dev.pdm.launcher.scenario;

import java.time.Instant;
import java.util.List;

/**
 * One incident (latest version the ticket API recorded) or batch signal, from the incident inbox:
 * proof that a fault's alarms reached the store, whatever the rules then decided.
 *
 * @param kind {@code FAULT}, {@code PREDICTIVE} or {@code BATCH_SIGNAL}
 * @param decision the decision the rules made for its latest version (OPEN, FOLD, SUPPRESS, ...)
 */
public record StoredIncident(
    String subjectId,
    String kind,
    String serial,
    String batch,
    List<String> codes,
    Instant firstSeen,
    String decision) {

  public StoredIncident {
    codes = codes == null ? List.of() : List.copyOf(codes);
  }
}
