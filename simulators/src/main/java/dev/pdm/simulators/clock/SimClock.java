package dev.pdm.simulators.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Simulated time: it starts at {@code simStart} when the wall clock reads {@code wallStartNanos}
 * and runs {@code speed} times faster than the wall clock (1 for a live demo, 3600 to replay a
 * month in about twelve minutes). Device timestamps come from here, never from the wall clock.
 */
public final class SimClock {

  private final Instant simStart;
  private final double speed;
  private final LongSupplier nanoTime;
  private final long wallStartNanos;

  public SimClock(Instant simStart, double speed, LongSupplier nanoTime) {
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be a positive finite number, was " + speed);
    }
    this.simStart = simStart;
    this.speed = speed;
    this.nanoTime = nanoTime;
    this.wallStartNanos = nanoTime.getAsLong();
  }

  /** A clock that starts now on the system's monotonic clock. */
  public static SimClock startingNow(Instant simStart, double speed) {
    return new SimClock(simStart, speed, System::nanoTime);
  }

  public Instant simStart() {
    return simStart;
  }

  public double speed() {
    return speed;
  }

  /** The simulated instant now, in epoch milliseconds. */
  public long nowMillis() {
    double elapsedSimMillis = (nanoTime.getAsLong() - wallStartNanos) / 1e6 * speed;
    return simStart.toEpochMilli() + (long) elapsedSimMillis;
  }

  public Instant now() {
    return Instant.ofEpochMilli(nowMillis());
  }

  /** How long the wall clock takes to cover a stretch of simulated time. */
  public Duration wallTimeFor(Duration simulated) {
    return Duration.ofNanos((long) (simulated.toNanos() / speed));
  }
}
