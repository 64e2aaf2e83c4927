package dev.pdm.gateway.queue;

/**
 * The queue has one log per lane so that a backlog of telemetry never delays an alarm, and so that
 * the disk budget can drop telemetry without touching alarms.
 */
public enum Lane {
  /** Alarm edges: drained first, never dropped. */
  ALARM("alarms"),
  /** Telemetry and dead letters: drained when no alarm waits, dropped first when disk is short. */
  TELEMETRY("telemetry");

  private final String directory;

  Lane(String directory) {
    this.directory = directory;
  }

  public String directory() {
    return directory;
  }
}
