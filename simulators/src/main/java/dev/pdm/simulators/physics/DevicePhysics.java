package dev.pdm.simulators.physics;

import dev.pdm.simulators.fleet.SimDevice;
import java.util.List;
import java.util.Map;

/**
 * The state of one device's physics between samples. Samples must be taken in time order; lagged
 * quantities (temperatures, state of charge, energy) integrate over the time between them.
 */
public interface DevicePhysics {

  /** Metric values at {@code t} (names from {@link dev.pdm.model.event.Metrics}). */
  Map<String, Double> sample(long t, List<Effect> effects);

  static DevicePhysics of(SimDevice device, Environment env, long seed) {
    return switch (device.deviceClass()) {
      case INVERTER -> new InverterPhysics(device, env, seed);
      case BMS -> new BatteryPhysics(device, env, seed);
      case CHARGER -> new ChargerPhysics(device, env, seed);
    };
  }

  /** Sum of the values of the effects of one kind active at t. */
  static double effect(List<Effect> effects, Effect.Kind kind, long t) {
    double sum = 0;
    for (Effect e : effects) {
      if (e.kind() == kind) {
        sum += e.valueAt(t);
      }
    }
    return sum;
  }

  static boolean active(List<Effect> effects, Effect.Kind kind, long t) {
    for (Effect e : effects) {
      if (e.kind() == kind && e.activeAt(t)) {
        return true;
      }
    }
    return false;
  }

  /** First-order lag towards a target with time constant tau. */
  static double lag(double current, double target, double dtSeconds, double tauSeconds) {
    return target + (current - target) * Math.exp(-dtSeconds / tauSeconds);
  }

  static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }
}
