package dev.pdm.simulators.physics;

import static dev.pdm.simulators.physics.DevicePhysics.round;

import dev.pdm.model.event.Metrics;
import dev.pdm.simulators.fleet.SimDevice;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Battery system: stores midday solar surplus and discharges in the evening peak. State of charge
 * integrates the current; cell voltages follow state of charge and current; cells warm with current
 * through a slow lag.
 */
final class BatteryPhysics implements DevicePhysics {

  static final int CELLS = 240;
  static final double TAU_SECONDS = 1800;

  private final SimDevice device;
  private final Environment env;
  private final long seed;
  private double soc;
  private double cellTemp = Double.NaN;
  private long last = Long.MIN_VALUE;

  BatteryPhysics(SimDevice device, Environment env, long seed) {
    this.device = device;
    this.env = env;
    this.seed = seed;
    this.soc = 30 + 40 * Noise.unit(seed, device.index(), -2);
  }

  @Override
  public Map<String, Double> sample(long t, List<Effect> effects) {
    double capacityKwh = device.spec().rating();
    double powerKw = device.spec().ratedKw();
    double hour = Environment.clockHour(t);
    double dt = last == Long.MIN_VALUE ? 0 : (t - last) / 1000.0;
    double jitter = 0.85 + 0.15 * Noise.unit(seed, device.index(), t / 600_000);
    double kw = 0;
    if (hour >= 10 && hour < 15 && soc < 95) {
      kw = powerKw * jitter;
    } else if (hour >= 18 && hour < 23 && soc > 12) {
      kw = -powerKw * jitter;
    }
    soc = Math.max(0, Math.min(100, soc + kw * dt / 3600 / capacityKwh * 100));
    double cellAvg = 3.05 + 0.30 * soc / 100;
    double nominalPack = CELLS * 3.2;
    double current = kw * 1000 / nominalPack;
    double maxCurrent = powerKw * 1000 / nominalPack;
    cellAvg += current * 0.0004;
    double spreadMv =
        10
            + 6 * Noise.unit(seed, device.index() + 11, t / 3_600_000)
            + 10 * Math.abs(current) / maxCurrent
            + DevicePhysics.effect(effects, Effect.Kind.CELL_SPREAD, t);
    double room = 22 + 0.3 * (env.ambient(device.site(), t) - 16);
    double target =
        room
            + 9 * Math.abs(current) / maxCurrent
            + DevicePhysics.effect(effects, Effect.Kind.CELL_HEAT, t);
    cellTemp =
        Double.isNaN(cellTemp) ? target : DevicePhysics.lag(cellTemp, target, dt, TAU_SECONDS);
    last = t;
    double tempSpread = 2 + 1.5 * Noise.unit(seed, device.index() + 13, t / 3_600_000);
    Map<String, Double> m = new TreeMap<>();
    m.put(Metrics.SOC_PCT, round(soc, 2));
    m.put(Metrics.PACK_VOLTAGE_V, round(cellAvg * CELLS, 1));
    m.put(Metrics.PACK_CURRENT_A, round(current, 2));
    m.put(Metrics.CELL_VOLTAGE_MAX_V, round(cellAvg + spreadMv / 2000, 4));
    m.put(Metrics.CELL_VOLTAGE_MIN_V, round(cellAvg - spreadMv / 2000, 4));
    m.put(Metrics.CELL_VOLTAGE_SPREAD_MV, round(spreadMv, 1));
    m.put(Metrics.CELL_TEMP_MAX_C, round(cellTemp + tempSpread * 0.6, 2));
    m.put(Metrics.CELL_TEMP_MIN_C, round(cellTemp - tempSpread * 0.4, 2));
    return m;
  }
}
