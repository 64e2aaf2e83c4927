package dev.pdm.simulators.physics;

import static dev.pdm.simulators.physics.DevicePhysics.round;

import dev.pdm.model.event.Metrics;
import dev.pdm.simulators.fleet.SimDevice;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * PV inverter: output follows the sun through the clouds; the heat-sink follows ambient plus a rise
 * proportional to load through a first-order lag; insulation resistance dips with morning dew.
 */
final class InverterPhysics implements DevicePhysics {

  /** Heat-sink rise over ambient at full load, kelvin. */
  static final double FULL_LOAD_RISE = 38;

  /** Thermal time constant of the heat-sink. */
  static final double TAU_SECONDS = 900;

  private final SimDevice device;
  private final Environment env;
  private final long seed;
  private final double efficiency;
  private double heatsink = Double.NaN;
  private long last;

  InverterPhysics(SimDevice device, Environment env, long seed) {
    this.device = device;
    this.env = env;
    this.seed = seed;
    this.efficiency = 0.965 + 0.02 * Noise.unit(seed, device.index(), -1);
  }

  @Override
  public Map<String, Double> sample(long t, List<Effect> effects) {
    double ratedW = device.spec().rating() * 1000;
    boolean gridLost = DevicePhysics.active(effects, Effect.Kind.GRID_LOSS, t);
    double irradiance = env.irradiance(device.site(), t);
    double pv =
        gridLost
            ? 0
            : ratedW
                * 1.1
                * irradiance
                * (0.97 + 0.03 * Noise.unit(seed, device.index(), t / 60_000));
    double ac = Math.min(ratedW, pv * efficiency);
    double load = ac / ratedW * 100;
    double ambient = env.ambient(device.site(), t);
    double target =
        ambient
            + 3
            + FULL_LOAD_RISE * load / 100
            + DevicePhysics.effect(effects, Effect.Kind.HEATSINK_DRIFT, t);
    heatsink =
        Double.isNaN(heatsink)
            ? target
            : DevicePhysics.lag(heatsink, target, (t - last) / 1000.0, TAU_SECONDS);
    last = t;
    double hour = Environment.solarHour(device.site(), t);
    double dew = hour > 4 && hour < 8 ? 350 : 0;
    double insulation =
        2200
            + 300 * Noise.centred(seed, device.index(), t / 3_600_000)
            - dew
            - DevicePhysics.effect(effects, Effect.Kind.INSULATION_LOSS, t);
    Map<String, Double> m = new TreeMap<>();
    m.put(Metrics.PV_POWER_W, round(pv, 1));
    m.put(Metrics.AC_POWER_W, round(ac, 1));
    m.put(Metrics.DC_VOLTAGE_V, round(pv > 0 ? 520 + 180 * Math.sqrt(irradiance) : 0, 1));
    m.put(
        Metrics.AC_VOLTAGE_V,
        round(gridLost ? 0 : 230 + 4 * Noise.centred(seed, device.index(), t), 1));
    m.put(
        Metrics.GRID_FREQUENCY_HZ,
        round(gridLost ? 0 : 50 + 0.06 * Noise.centred(seed, device.index() + 7, t), 3));
    m.put(Metrics.LOAD_PCT, round(load, 2));
    m.put(Metrics.HEATSINK_TEMP_C, round(heatsink, 2));
    m.put(Metrics.AMBIENT_TEMP_C, round(ambient, 2));
    m.put(Metrics.INSULATION_RESISTANCE_KOHM, round(Math.max(10, insulation), 1));
    return m;
  }
}
