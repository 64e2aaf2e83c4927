package dev.pdm.simulators.scenario;

/** What was injected. */
public enum FaultKind {
  /** An isolated device fault at the fleet's baseline rate. */
  BACKGROUND_FAULT,
  /** Brief operator activity (manual shutdown, cabinet or door open) that is not a fault. */
  MAINTENANCE_NOISE,
  /** A manufacturing batch with a raised hazard for one failure mode (the batch as a whole). */
  DEFECTIVE_BATCH,
  /** One device failing as part of a defective batch. */
  DEFECTIVE_BATCH_DEVICE,
  /** A firmware bug: one code raised and cleared many times on a device. */
  FIRMWARE_FLAPPING,
  /** Grid loss at a site: the cause plus its symptoms on every inverter there. */
  SITE_GRID_OUTAGE,
  /** Slow degradation visible in telemetry days before the alarm. */
  INVERTER_DEGRADATION,
  /** The site's gateway is offline for the window (applied by the harness, marked here). */
  GATEWAY_OFFLINE,
  /** The device publishes nothing in the window. */
  DEVICE_SILENT
}
