package dev.pdm.ticket.sla;

import java.time.Instant;

/**
 * A stored SLA clock with its scheduling state.
 *
 * @param levels the levels of the policy the clock started under; null for the service-wide default
 */
public record ClockRow(
    long ticketId,
    String clock,
    String calendarId,
    String zone,
    SlaClock state,
    long pausedSeconds,
    Instant dueAt,
    int nextLevel,
    Instant nextFireAt,
    Instant stoppedAt,
    SlaLevels levels) {

  public static final String RESPONSE = "RESPONSE";
  public static final String RESOLUTION = "RESOLUTION";

  public boolean running() {
    return stoppedAt == null && !state.paused();
  }
}
