package dev.pdm.stream.batchrisk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SprtTest {

  private static final Sprt ONE_PERCENT_VS_THREE = Sprt.of(0.01, 3, 0.01, 0.1);
  private static final int BATCH = 200;

  @Test
  void aBatchOf200AtOnePercentBaselineNeedsEightFailuresToSignal() {
    assertThat(ONE_PERCENT_VS_THREE.minimumAffected(BATCH)).isEqualTo(8);
    assertThat(ONE_PERCENT_VS_THREE.logLikelihoodRatio(7, BATCH))
        .isLessThan(ONE_PERCENT_VS_THREE.upper());
    assertThat(ONE_PERCENT_VS_THREE.logLikelihoodRatio(8, BATCH))
        .isGreaterThanOrEqualTo(ONE_PERCENT_VS_THREE.upper());
  }

  @Test
  void aSmallBatchWithALargeShareFailingSignalsThroughTheGeneralizedRatio() {
    assertThat(ONE_PERCENT_VS_THREE.logLikelihoodRatio(3, 10))
        .as("the plain SPRT against 3 % would wait")
        .isLessThan(ONE_PERCENT_VS_THREE.upper());
    assertThat(ONE_PERCENT_VS_THREE.generalizedLogLikelihoodRatio(3, 10))
        .isGreaterThanOrEqualTo(ONE_PERCENT_VS_THREE.upper());
    assertThat(ONE_PERCENT_VS_THREE.minimumAffected(10)).isEqualTo(3);
    assertThat(ONE_PERCENT_VS_THREE.generalizedLogLikelihoodRatio(7, BATCH))
        .isLessThan(ONE_PERCENT_VS_THREE.upper());
  }

  @Test
  void confidenceIsTheBinomialProbabilityOfFewerFailuresUnderTheBaseline() {
    // P(X <= 1) for Binomial(200, 0.01) = 0.99^200 + 200 * 0.01 * 0.99^199
    double expected = Math.pow(0.99, 200) + 200 * 0.01 * Math.pow(0.99, 199);
    assertThat(ONE_PERCENT_VS_THREE.confidence(2, BATCH)).isCloseTo(expected, within(1e-12));
    assertThat(ONE_PERCENT_VS_THREE.confidence(8, BATCH)).isGreaterThan(0.99);
    assertThat(ONE_PERCENT_VS_THREE.confidence(0, BATCH)).isZero();
  }

  @Test
  void healthyBatchesRarelySignalWhileThreeTimesWorseBatchesAreCaught() {
    Random random = new Random(20260301L);
    int batches = 2000;
    int windows = 12;
    int falseWindows = 0;
    int healthyEverSignalled = 0;
    int badCaught = 0;
    int threshold = ONE_PERCENT_VS_THREE.minimumAffected(BATCH);
    for (int b = 0; b < batches; b++) {
      boolean healthySignalled = false;
      boolean badSignalled = false;
      for (int w = 0; w < windows; w++) {
        if (failures(random, 0.01) >= threshold) {
          falseWindows++;
          healthySignalled = true;
        }
        if (failures(random, 0.03) >= threshold) {
          badSignalled = true;
        }
      }
      healthyEverSignalled += healthySignalled ? 1 : 0;
      badCaught += badSignalled ? 1 : 0;
    }
    double falseAlarmPerWindow = (double) falseWindows / (batches * windows);
    assertThat(falseAlarmPerWindow).isLessThanOrEqualTo(ONE_PERCENT_VS_THREE.alpha());
    assertThat((double) healthyEverSignalled / batches).isLessThan(0.05);
    assertThat((double) badCaught / batches).isGreaterThan(0.9);
  }

  private static int failures(Random random, double p) {
    int n = 0;
    for (int d = 0; d < BATCH; d++) {
      if (random.nextDouble() < p) {
        n++;
      }
    }
    return n;
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }
}
