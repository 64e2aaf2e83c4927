package dev.pdm.ticket.sla;

/**
 * When a clock speaks: level 0 is the warning (at {@code warningFraction} of the target), level 1
 * is the breach (L1), and each further level comes {@code escalationStep} of the target later.
 */
public record SlaLevels(double warningFraction, double escalationStep, int escalationLevels) {

  public static final int WARNING = 0;

  public SlaLevels {
    if (warningFraction <= 0 || warningFraction >= 1) {
      throw new IllegalArgumentException("warningFraction must be between 0 and 1");
    }
    if (escalationStep <= 0 || escalationLevels < 1) {
      throw new IllegalArgumentException("need a positive step and at least one level");
    }
  }

  /** The level after the last one: nothing left to fire. */
  public int done() {
    return escalationLevels + 1;
  }

  /** How far into the target (1.0 = due) a level fires. */
  public double fraction(int level) {
    return level == WARNING ? warningFraction : 1.0 + (level - 1) * escalationStep;
  }

  public String kind(int level) {
    return level == WARNING ? "WARNING" : "ESCALATION";
  }
}
