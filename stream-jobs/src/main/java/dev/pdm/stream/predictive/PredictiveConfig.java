package dev.pdm.stream.predictive;

import java.io.Serializable;
import java.time.Duration;

/**
 * The telemetry trend detectors.
 *
 * @param bucket samples are reduced to one median per bucket of event time
 * @param windowBuckets the slope is fitted over this many newest buckets
 * @param minBuckets no decision before this many buckets exist
 * @param evidenceSamples raw samples attached to a predictive incident
 * @param idleTimeout a device silent this long loses its detector state
 * @param heatsink inverter heat-sink rise over ambient per unit load (K per day)
 * @param insulation inverter insulation resistance (kOhm per day, negative)
 * @param cellSpread BMS cell-voltage spread (mV per day)
 * @param connector charger connector temperature over ambient at equal current (K per day)
 */
public record PredictiveConfig(
    Duration bucket,
    int windowBuckets,
    int minBuckets,
    int evidenceSamples,
    Duration idleTimeout,
    TrendRule heatsink,
    TrendRule insulation,
    TrendRule cellSpread,
    TrendRule connector)
    implements Serializable {

  public PredictiveConfig {
    if (minBuckets < 3 || windowBuckets < minBuckets) {
      throw new IllegalArgumentException("need 3 <= minBuckets <= windowBuckets");
    }
  }

  public static PredictiveConfig defaults() {
    return new PredictiveConfig(
        Duration.ofMinutes(15),
        96,
        16,
        20,
        Duration.ofDays(2),
        new TrendRule(4.0, 1.0, 60.0),
        new TrendRule(-150.0, -30.0, 500.0),
        new TrendRule(15.0, 4.0, 100.0),
        new TrendRule(4.0, 1.0, 60.0));
  }
}
