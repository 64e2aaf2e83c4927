package dev.pdm.stream.batchrisk;

/**
 * Window ends are the multiples of the slide; a window ending at E covers [E - window, E) and is
 * decided once the watermark reaches E, never earlier, so counts are final for the data in order.
 */
final class SlidingSchedule {

  private SlidingSchedule() {}

  /** The first window end strictly after {@code time}. */
  static long nextEnd(long time, long slideMillis) {
    return (Math.floorDiv(time, slideMillis) + 1) * slideMillis;
  }

  /** Whether an observation at {@code at} can still fall into a window decided from now on. */
  static boolean stillCounts(long at, long watermark, long windowMillis, long slideMillis) {
    if (watermark == Long.MIN_VALUE) {
      return true;
    }
    return at >= nextEnd(watermark, slideMillis) - windowMillis;
  }
}
