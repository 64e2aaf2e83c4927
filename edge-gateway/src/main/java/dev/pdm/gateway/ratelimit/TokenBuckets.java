package dev.pdm.gateway.ratelimit;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One token bucket per device: a device that floods its site broker uses up its own budget and
 * nobody else's. Not thread-safe: the gateway takes device messages on one thread.
 */
public final class TokenBuckets {

  private final double ratePerNano;
  private final double burst;
  private final LongSupplier nanoClock;
  private final Map<String, double[]> buckets = new HashMap<>();

  /**
   * @param ratePerSecond tokens added per second
   * @param burst bucket size: messages a device may send at once after a quiet period
   */
  public TokenBuckets(double ratePerSecond, double burst, LongSupplier nanoClock) {
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.nanoClock = nanoClock;
  }

  /**
   * Takes a token from the device's bucket; false when it is empty (the message is over budget).
   */
  public boolean tryAcquire(String key) {
    long now = nanoClock.getAsLong();
    // [tokens, last refill time]; a new device starts with a full bucket.
    double[] b = buckets.computeIfAbsent(key, k -> new double[] {burst, now});
    b[0] = Math.min(burst, b[0] + (now - (long) b[1]) * ratePerNano);
    b[1] = now;
    if (b[0] >= 1) {
      b[0] -= 1;
      return true;
    }
    return false;
  }
}
