package dev.pdm.simulators.physics;

import static dev.pdm.simulators.physics.DevicePhysics.round;

import dev.pdm.model.event.Metrics;
import dev.pdm.simulators.fleet.SimDevice;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * EV charger: vehicles arrive per hour with a probability that follows the day; a session ramps the
 * current up, holds, then tapers as the vehicle's battery fills. The connector warms with the
 * square of the current (resistive heating) through a lag.
 */
final class ChargerPhysics implements DevicePhysics {

  private static final long HOUR = 3_600_000L;
  static final double TAU_SECONDS = 420;

  private final SimDevice device;
  private final Environment env;
  private final long seed;
  private final boolean ac;
  private double connector = Double.NaN;
  private double energyKwh;
  private long last = Long.MIN_VALUE;

  ChargerPhysics(SimDevice device, Environment env, long seed) {
    this.device = device;
    this.env = env;
    this.seed = seed;
    this.ac = device.spec().model().startsWith("AC");
    this.energyKwh = Math.floor(5000 * Noise.unit(seed, device.index(), -3));
  }

  /** A session that starts in hour slot {@code slot}, as {start, end} epoch ms, or null. */
  long[] session(long slot) {
    double hour = Environment.clockHour(slot * HOUR);
    double p = hour < 6 ? 0.08 : hour < 17 ? 0.35 : hour < 22 ? 0.55 : 0.2;
    if (Noise.unit(seed, device.index() * 4L, slot) >= p) {
      return null;
    }
    long start =
        slot * HOUR + (long) (Noise.unit(seed, device.index() * 4L + 1, slot) * 40 * 60_000);
    double minutes =
        ac
            ? 60 + 120 * Noise.unit(seed, device.index() * 4L + 2, slot)
            : 20 + 35 * Noise.unit(seed, device.index() * 4L + 2, slot);
    return new long[] {start, start + (long) (minutes * 60_000)};
  }

  /** Current drawn at t, 0 outside a session. */
  double current(long t) {
    long slot = Math.floorDiv(t, HOUR);
    for (long s = slot - 3; s <= slot; s++) {
      long[] session = session(s);
      if (session != null && t >= session[0] && t < session[1]) {
        double frac = (t - session[0]) / (double) (session[1] - session[0]);
        double ramp = Math.min(1, (t - session[0]) / 90_000.0);
        double taper = frac < 0.7 ? 1 : 1 - (frac - 0.7) / 0.3 * 0.75;
        double vehicleLimit = 0.75 + 0.25 * Noise.unit(seed, device.index() * 4L + 3, s);
        return device.spec().rating() * vehicleLimit * ramp * taper;
      }
    }
    return 0;
  }

  @Override
  public Map<String, Double> sample(long t, List<Effect> effects) {
    double dt = last == Long.MIN_VALUE ? 0 : (t - last) / 1000.0;
    double amps = current(t);
    double share = amps / device.spec().rating();
    double kw = device.spec().ratedKw() * share;
    energyKwh += kw * dt / 3600;
    double target =
        env.ambient(device.site(), t)
            + 2
            + 32 * share * share
            + DevicePhysics.effect(effects, Effect.Kind.CONNECTOR_HEAT, t) * (amps > 0 ? 1 : 0.2);
    connector =
        Double.isNaN(connector) ? target : DevicePhysics.lag(connector, target, dt, TAU_SECONDS);
    last = t;
    Map<String, Double> m = new TreeMap<>();
    m.put(Metrics.SESSION_ACTIVE, amps > 0 ? 1.0 : 0.0);
    m.put(Metrics.CHARGE_CURRENT_A, round(amps, 2));
    m.put(Metrics.CHARGE_POWER_KW, round(kw, 3));
    m.put(Metrics.CONNECTOR_TEMP_C, round(connector, 2));
    m.put(Metrics.ENERGY_KWH, round(energyKwh, 3));
    return m;
  }
}
