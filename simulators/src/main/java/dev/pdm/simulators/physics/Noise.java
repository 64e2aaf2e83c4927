package dev.pdm.simulators.physics;

/**
 * Seeded, stateless noise: a value is a pure function of (seed, stream, slot), so a device's clouds
 * or charging sessions do not depend on how many other devices were simulated before it or on the
 * order in which time is stepped.
 */
public final class Noise {

  private Noise() {}

  /** SplitMix64 finaliser: a cheap, well-mixed 64-bit hash. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, 1). */
  public static double unit(long seed, long stream, long slot) {
    long h = mix(seed ^ mix(stream * 0x9E3779B97F4A7C15L + mix(slot + 0x632BE59BD9B4E019L)));
    return (h >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [-0.5, 0.5). */
  public static double centred(long seed, long stream, long slot) {
    return unit(seed, stream, slot) - 0.5;
  }

  /** Smoothly varying noise in [0, 1): cosine interpolation between per-slot values. */
  public static double smooth(long seed, long stream, long timeMillis, long slotMillis) {
    long slot = Math.floorDiv(timeMillis, slotMillis);
    double frac = (timeMillis - slot * slotMillis) / (double) slotMillis;
    double a = unit(seed, stream, slot);
    double b = unit(seed, stream, slot + 1);
    double w = (1 - Math.cos(Math.PI * frac)) / 2;
    return a + (b - a) * w;
  }
}
