package dev.pdm.stream.batchrisk;

import java.io.Serializable;
import java.time.Duration;

/**
 * The batch-risk test.
 *
 * @param window sliding event-time window in which distinct affected devices are counted
 * @param slide how often (in event time) a window is evaluated
 * @param priorRate baseline probability that a device shows a failure family within one window,
 *     used before the fleet has data and blended with the fleet's observed rate after
 * @param priorDevices weight of the prior, in devices (a Beta prior of priorRate * priorDevices
 *     affected out of priorDevices)
 * @param riskMultiplier the alternative hypothesis: p1 = riskMultiplier * p0
 * @param alpha bound on the false-alarm probability of one test
 * @param beta bound on the probability of missing a batch at p1
 * @param materialGrowth re-publish a signal when affected devices grew by this fraction
 */
public record BatchRiskConfig(
    Duration window,
    Duration slide,
    double priorRate,
    double priorDevices,
    double riskMultiplier,
    double alpha,
    double beta,
    double materialGrowth)
    implements Serializable {

  public BatchRiskConfig {
    if (!(priorRate > 0 && priorRate < 1)) {
      throw new IllegalArgumentException("priorRate must be in (0, 1)");
    }
    if (!(riskMultiplier > 1)) {
      throw new IllegalArgumentException("riskMultiplier must be > 1");
    }
    if (!(alpha > 0 && alpha < 1 && beta > 0 && beta < 1)) {
      throw new IllegalArgumentException("alpha and beta must be in (0, 1)");
    }
    if (window.compareTo(slide) < 0 || slide.isZero() || slide.isNegative()) {
      throw new IllegalArgumentException("need 0 < slide <= window");
    }
  }

  public static BatchRiskConfig defaults() {
    return new BatchRiskConfig(
        Duration.ofDays(30), Duration.ofDays(1), 0.01, 1000, 3.0, 0.01, 0.1, 0.2);
  }
}
