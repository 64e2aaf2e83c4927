package dev.pdm.rules.decision;

import java.time.Duration;
import java.time.Instant;

/**
 * The evaluation instant as a fact, so time-based rules read the request's clock rather than the
 * machine's: the same request decides the same way in a test, a backtest and production.
 */
public record Clock(Instant now) {

  public Clock {
    if (now == null) {
      throw new IllegalArgumentException("now is required");
    }
  }

  /** Whole minutes from {@code then} to now; negative if {@code then} is in the future. */
  public long minutesSince(Instant then) {
    return Duration.between(then, now).toMinutes();
  }

  /** Whole hours from {@code then} to now. */
  public long hoursSince(Instant then) {
    return Duration.between(then, now).toHours();
  }

  /** Whole days from {@code then} to now. */
  public long daysSince(Instant then) {
    return Duration.between(then, now).toDays();
  }
}
