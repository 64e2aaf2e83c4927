package dev.pdm.stream.predictive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RobustTrendTest {

  /**
   * Flat insulation series shaped like the simulators' (hourly noise of +/-150 kOhm, a 350 kOhm dew
   * dip 04:00-08:00 local) over 44 hourly buckets, i.e. the second day a detector decides on. A
   * slope three standard errors from flat should be as rare as the normal tail says (0.27 %). The
   * residual-based error of a line fit assumed every bucket informs the slope, while only the
   * day-apart pairs do: 1.7 % of these flat series looked three errors steep with it.
   */
  @Test
  void theSeasonalSlopesErrorIsCalibratedOnTheSecondDay() {
    Random random = new Random(42);
    int series = 2000;
    int buckets = 44;
    int steep = 0;
    for (int s = 0; s < series; s++) {
      double[] x = new double[buckets];
      double[] y = new double[buckets];
      for (int i = 0; i < buckets; i++) {
        x[i] = (i + 0.5) / 24;
        double localHour = (i + 8) % 24;
        double dew = localHour >= 4 && localHour < 8 ? 350 : 0;
        y[i] = 2200 - dew + 300 * (random.nextDouble() - 0.5);
      }
      RobustTrend trend = RobustTrend.fitSeasonal(x, y, 1.0, TrendTracker.SEASONAL_MIN_PAIRS);
      if (Math.abs(trend.slope()) >= TrendTracker.MIN_Z * trend.standardError()) {
        steep++;
      }
    }
    assertThat(steep).isLessThan(series / 100);
  }

  @Test
  void tooFewDayApartPairsGiveNoSeasonalFit() {
    double[] x = new double[30];
    double[] y = new double[30];
    for (int i = 0; i < 30; i++) {
      x[i] = (i + 0.5) / 24;
      y[i] = 100 - i;
    }
    assertThat(RobustTrend.fitSeasonal(x, y, 1.0, TrendTracker.SEASONAL_MIN_PAIRS)).isNull();
  }

  @Test
  void aSteadyDeclineIsFoundWithANarrowError() {
    Random random = new Random(7);
    double[] x = new double[72];
    double[] y = new double[72];
    for (int i = 0; i < 72; i++) {
      x[i] = (i + 0.5) / 24;
      y[i] = 2200 - 400 * x[i] + 40 * random.nextGaussian();
    }
    RobustTrend trend = RobustTrend.fitSeasonal(x, y, 1.0, TrendTracker.SEASONAL_MIN_PAIRS);
    assertThat(trend.slope()).isBetween(-440.0, -360.0);
    assertThat(-trend.slope()).isGreaterThan(TrendTracker.MIN_Z * trend.standardError());
  }
}
