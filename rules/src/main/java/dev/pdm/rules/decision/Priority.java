package dev.pdm.rules.decision;

/** Ticket priority, most urgent first. */
public enum Priority {
  P1,
  P2,
  P3,
  P4;

  public boolean moreUrgentThan(Priority other) {
    return other == null || compareTo(other) < 0;
  }
}
