package dev.pdm.ticket.sla;

/**
 * Targets for one customer tier and priority, measured on a calendar. The warning fraction and the
 * escalation levels are the policy's own where set, otherwise the service-wide defaults ({@code
 * null} here).
 */
public record SlaPolicy(
    String customerTier,
    String priority,
    int responseMinutes,
    int resolutionMinutes,
    String calendarId,
    Double warningFraction,
    Double escalationStep,
    Integer escalationLevels,
    long version) {

  /** The levels a clock started under this policy fires; the defaults fill what is not set. */
  public SlaLevels levels(SlaLevels defaults) {
    return new SlaLevels(
        warningFraction == null ? defaults.warningFraction() : warningFraction,
        escalationStep == null ? defaults.escalationStep() : escalationStep,
        escalationLevels == null ? defaults.escalationLevels() : escalationLevels);
  }
}
