package dev.pdm.rules.backtest;

import dev.pdm.rules.decision.Decision;

/** One recorded request the two versions decide differently. */
public record DecisionDiff(String subjectId, Decision active, Decision candidate) {

  /** {@code OPEN DEVICE_FAULT P2 -> SUPPRESS} */
  public String change() {
    return active.summaryWithoutTicket() + " -> " + candidate.summaryWithoutTicket();
  }
}
