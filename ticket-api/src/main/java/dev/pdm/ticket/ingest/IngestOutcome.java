package dev.pdm.ticket.ingest;

/**
 * What happened to one received incident or batch signal.
 *
 * @param ticketId the ticket opened or changed, null when none
 */
public record IngestOutcome(
    Result result, String subjectId, long version, Long ticketId, String detail) {

  public enum Result {
    /** The decision was applied (including decisions that change no ticket, e.g. SUPPRESS). */
    APPLIED,
    /** This version was applied before: nothing changed. */
    DUPLICATE,
    /** A newer version was applied before: recorded, nothing changed. */
    STALE,
    /** The ticket service refused the decision (e.g. unknown device): recorded with the reason. */
    REJECTED
  }
}
