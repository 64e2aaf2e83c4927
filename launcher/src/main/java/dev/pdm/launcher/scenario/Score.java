package dev.pdm.launcher.scenario;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the system did about every injected fault, and what it did that no fault explains.
 *
 * @param horizon faults whose first alarm is after this simulated instant are not judged (the run
 *     ended before the pipeline could be expected to act on them)
 */
public record Score(
    Instant horizon,
    List<FaultScore> faults,
    List<KindSummary> byKind,
    List<FalseTicket> falseTickets,
    int tickets,
    int duplicateTickets,
    int missedFaults,
    int detectedOnOpenTicket) {

  /** Verdict on one fault. */
  public enum Verdict {
    /** A ticket of the expected kind was opened for it. */
    DETECTED,
    /**
     * No ticket of its own: the rules put it on the device's open ticket for an earlier fault (its
     * incident decided ESCALATE or FOLD into that ticket, or its codes folded into it).
     */
    DETECTED_ON_OPEN_TICKET,
    /** The expected ticket does not exist. */
    MISSED,
    /** Nothing was expected and nothing was opened. */
    CORRECTLY_QUIET,
    /** Something was opened where nothing should have been. */
    WRONGLY_TICKETED,
    /** The fault's first alarm lies after the horizon; not judged. */
    NOT_DUE,
    /** Not a ticket outcome (gateway window): judged by the alarm counts. */
    BY_ALARM_COUNT
  }

  /**
   * @param tickets ids of the tickets matched to this fault (opened for it, or the device's open
   *     ticket it was escalated or folded into)
   * @param duplicates tickets beyond the one expected (per device for per-device outcomes)
   * @param secondsToTicket wall seconds from the first alarm frame reaching the broker to the
   *     ticket's commit, null when not measurable (folded, predictive, no publish time)
   * @param leadTimeHours predictive faults: simulated hours the prediction came before the alarm
   * @param failuresAtBatchTicket batch faults: distinct failed devices the signal counted when it
   *     opened the batch-problem ticket
   * @param groundTruthFailuresBefore batch faults: batch devices whose first alarm came before the
   *     signal fired
   * @param reachedStore an incident (or batch signal) for the fault is in the incident inbox
   */
  public record FaultScore(
      String faultId,
      String kind,
      String expected,
      List<String> serials,
      String batch,
      Instant firstAlarmAt,
      Verdict verdict,
      List<Long> tickets,
      int duplicates,
      Double secondsToTicket,
      Double leadTimeHours,
      Integer failuresAtBatchTicket,
      Integer groundTruthFailuresBefore,
      boolean reachedStore,
      String note) {}

  /**
   * Totals per fault kind.
   *
   * @param detected with a ticket of its own (or, for faults that should open nothing, quiet)
   * @param onOpenTicket detected on the device's open ticket for an earlier fault
   */
  public record KindSummary(
      String kind,
      int faults,
      int judged,
      int detected,
      int onOpenTicket,
      int missed,
      int duplicates,
      Double medianSecondsToTicket,
      Double maxSecondsToTicket,
      Double minLeadTimeHours) {}

  /** A ticket no injected fault explains (or one explained only by maintenance noise). */
  public record FalseTicket(long id, String type, String serial, String batch, String why) {}

  public Map<String, Object> headline() {
    return Map.of(
        "tickets", tickets,
        "duplicateTickets", duplicateTickets,
        "falseTickets", falseTickets.size(),
        "missedFaults", missedFaults,
        "detectedOnOpenTicket", detectedOnOpenTicket);
  }
}
