package dev.pdm.simulators.physics;

/**
 * A change a fault makes to a device's behaviour, active in {@code [startMillis, endMillis)}: it
 * ramps linearly from zero at {@code startMillis} to {@code magnitude} at {@code fullMillis} and
 * holds there, which is how slow degradation looks in telemetry.
 */
public record Effect(
    Kind kind, long startMillis, long fullMillis, long endMillis, double magnitude) {

  public enum Kind {
    /** Heat-sink runs hotter at equal load (fouled fan, dried thermal paste), in kelvin. */
    HEATSINK_DRIFT,
    /** Battery cells run hotter (defective cells), in kelvin. */
    CELL_HEAT,
    /** Cell voltage spread grows (weak cell), in millivolts. */
    CELL_SPREAD,
    /** Charger connector runs hotter (contact resistance), in kelvin. */
    CONNECTOR_HEAT,
    /** Insulation resistance falls, in kilo-ohms. */
    INSULATION_LOSS,
    /** The grid is gone: no AC output, no AC voltage. */
    GRID_LOSS,
    /** The device publishes nothing at all. */
    SILENT
  }

  public boolean activeAt(long t) {
    return t >= startMillis && t < endMillis;
  }

  /** The effect's size at {@code t}: 0 outside the window, ramping up to the magnitude. */
  public double valueAt(long t) {
    if (!activeAt(t)) {
      return 0;
    }
    if (t >= fullMillis || fullMillis <= startMillis) {
      return magnitude;
    }
    return magnitude * (t - startMillis) / (double) (fullMillis - startMillis);
  }
}
