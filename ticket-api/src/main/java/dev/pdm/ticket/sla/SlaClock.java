package dev.pdm.ticket.sla;

import java.time.Duration;
import java.time.Instant;

/**
 * One SLA clock as stored: the business time it may take, when its current running segment started
 * and how much business time earlier segments used. Pausing folds the running segment into {@code
 * consumed}; resuming starts a new segment, so the paused time is added to every deadline.
 */
public record SlaClock(Duration target, Instant segmentStart, Duration consumed, Instant pausedAt) {

  public static SlaClock start(Duration target, Instant at) {
    return new SlaClock(target, at, Duration.ZERO, null);
  }

  public boolean paused() {
    return pausedAt != null;
  }

  /** The instant a fraction of the target is reached, e.g. 1.0 for the due instant. */
  public Instant instantAt(BusinessCalendar calendar, double fraction) {
    Duration at = Duration.ofMillis(Math.round(target.toMillis() * fraction));
    Duration left = at.minus(consumed);
    return left.isNegative() || left.isZero() ? segmentStart : calendar.plus(segmentStart, left);
  }

  public Instant due(BusinessCalendar calendar) {
    return instantAt(calendar, 1.0);
  }

  public SlaClock pause(BusinessCalendar calendar, Instant at) {
    if (paused()) {
      return this;
    }
    return new SlaClock(
        target, segmentStart, consumed.plus(calendar.between(segmentStart, at)), at);
  }

  public SlaClock resume(Instant at) {
    if (!paused()) {
      return this;
    }
    return new SlaClock(target, at, consumed, null);
  }

  /** Business time used so far, as of {@code now}. */
  public Duration used(BusinessCalendar calendar, Instant now) {
    return paused() ? consumed : consumed.plus(calendar.between(segmentStart, now));
  }
}
