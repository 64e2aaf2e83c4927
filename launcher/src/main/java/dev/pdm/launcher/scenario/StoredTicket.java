package dev.pdm.launcher.scenario;

import java.time.Instant;
import java.util.List;

/**
 * A ticket as the scorer sees it, with what opened it (from the incident inbox row that recorded
 * the opening decision).
 *
 * @param createdAt wall-clock instant the ticket API committed it
 * @param openedBy the incident or batch signal whose decision opened it, null for a ticket opened
 *     by hand
 */
public record StoredTicket(
    long id,
    String type,
    String serial,
    String batch,
    List<String> codes,
    Instant createdAt,
    int occurrences,
    Opening openedBy) {

  public StoredTicket {
    codes = codes == null ? List.of() : List.copyOf(codes);
  }

  /**
   * The subject that opened a ticket.
   *
   * @param kind {@code FAULT} or {@code PREDICTIVE} for incidents, {@code BATCH_SIGNAL} for a batch
   *     signal
   * @param firstSeen device time the incident started, or when the batch signal first fired
   * @param codes the incident's codes (empty for a batch signal)
   * @param affectedDevices for a batch signal: distinct failed devices when it opened the ticket
   */
  public record Opening(
      String subjectId,
      String kind,
      Instant firstSeen,
      List<String> codes,
      boolean flapping,
      int affectedDevices) {

    public Opening {
      codes = codes == null ? List.of() : List.copyOf(codes);
    }
  }

  public boolean isBatchProblem() {
    return "BATCH_PROBLEM".equals(type);
  }

  /** Codes of the ticket and of the incident that opened it. */
  public java.util.Set<String> allCodes() {
    java.util.Set<String> all = new java.util.HashSet<>(codes);
    if (openedBy != null) {
      all.addAll(openedBy.codes());
    }
    return all;
  }
}
