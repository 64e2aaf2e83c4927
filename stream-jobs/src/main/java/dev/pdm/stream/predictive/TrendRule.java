package dev.pdm.stream.predictive;

import java.io.Serializable;

/**
 * One trend detector's thresholds, in the unit of its signal per day. The detector fires when the
 * robust slope reaches {@code onSlopePerDay} and clears only when it falls to {@code
 * offSlopePerDay} (hysteresis). For falling signals (insulation) both are negative.
 *
 * @param limit the level at which the device's own alarm fires, used for the projection
 */
public record TrendRule(double onSlopePerDay, double offSlopePerDay, double limit)
    implements Serializable {

  public TrendRule {
    if (Math.signum(onSlopePerDay) != Math.signum(offSlopePerDay)
        || Math.abs(offSlopePerDay) >= Math.abs(onSlopePerDay)) {
      throw new IllegalArgumentException("off slope must be nearer zero than on slope, same sign");
    }
  }

  public boolean rising() {
    return onSlopePerDay > 0;
  }
}
