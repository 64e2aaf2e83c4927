package dev.pdm.simulators.scenario;

/** What a correct system does about an injected fault; the end-to-end harness scores against it. */
public enum ExpectedOutcome {
  /** One device-fault ticket for the serial, however many frames the fault produced. */
  DEVICE_TICKET,
  /**
   * A predictive-maintenance ticket opened before the device's own alarm ({@code firstAlarmAt}).
   */
  PREDICTIVE_TICKET,
  /** One batch-problem ticket for the batch, linking the device tickets of its serials. */
  BATCH_PROBLEM,
  /** One ticket per serial for the whole flapping episode, marked flapping, not one per raise. */
  ONE_TICKET_FLAPPING,
  /** The cause (grid loss) opens at most one ticket per device; the symptoms are suppressed. */
  SITE_OUTAGE_ONE_TICKET_PER_DEVICE_OR_SUPPRESSED,
  /** Nothing to do: maintenance noise, or devices that merely went quiet. */
  NO_TICKET,
  /**
   * The harness takes the site's gateway offline for the window; every alarm published meanwhile
   * must still arrive once it is back.
   */
  NO_ALARM_LOST
}
