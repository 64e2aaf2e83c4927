package dev.pdm.stream.correlation;

/**
 * The event time of one site: the watermark, held back to the newest device time the site has
 * reported, so that a site whose gateway went quiet is not overtaken by the rest of the fleet. A
 * Flink POJO (public fields, no-argument constructor) for keyed state.
 */
public final class SiteClock {

  /** The newest device time the site reported, alarm or telemetry. */
  public long newest = Long.MIN_VALUE;

  /** The earliest buffered alarm or device wake-up not yet done. */
  public long due = Long.MAX_VALUE;

  public SiteClock() {}

  /** The site's time under the given watermark; the end of a bounded input ends it too. */
  long time(long watermark) {
    return watermark == Long.MAX_VALUE ? watermark : Math.min(watermark, newest);
  }
}
