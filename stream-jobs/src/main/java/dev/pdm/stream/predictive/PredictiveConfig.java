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
 * @param heatsink inverter heat-sink rise over ambient at equal load (K per day; the limit is the
 *     rise at full load where OVER_TEMP trips)
 * @param insulation inverter insulation resistance (kOhm per day, negative)
 * @param cellSpread BMS cell-voltage spread (mV per day)
 * @param connector charger connector rise over ambient at equal current (K per day, at 32 A)
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
    if (minBuckets < 4 || windowBuckets < minBuckets) {
      throw new IllegalArgumentException("need 4 <= minBuckets <= windowBuckets");
    }
  }

  public static PredictiveConfig defaults() {
    return new PredictiveConfig(
        Duration.ofHours(1),
        72,
        24,
        20,
        Duration.ofDays(3),
        new TrendRule(0.8, 0.3, 55.0),
        new TrendRule(-150.0, -30.0, 500.0),
        new TrendRule(15.0, 4.0, 100.0),
        new TrendRule(1.0, 0.3, 60.0));
  }
}
