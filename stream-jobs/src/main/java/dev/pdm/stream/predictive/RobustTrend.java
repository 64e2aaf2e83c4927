package dev.pdm.stream.predictive;

import java.util.Arrays;

/**
 * Theil-Sen line fit: the slope is the median of all pairwise slopes, so a few outliers (a cloud, a
 * stuck reading) cannot tilt it. Its spread comes from the median absolute deviation of the
 * residuals, scaled to a standard error the way least squares would, so the detector can ask for a
 * slope that is both large and clearly not noise.
 */
public record RobustTrend(double slope, double level, double standardError) {

  /**
   * Fits {@code y} over {@code x}; {@code level} is the fitted value at the last x.
   *
   * @throws IllegalArgumentException with fewer than 3 points
   */
  public static RobustTrend fit(double[] x, double[] y) {
    int n = x.length;
    if (n < 3 || y.length != n) {
      throw new IllegalArgumentException("need at least 3 points of equal length");
    }
    double[] slopes = new double[n * (n - 1) / 2];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (x[j] != x[i]) {
          slopes[k++] = (y[j] - y[i]) / (x[j] - x[i]);
        }
      }
    }
    return withSlope(x, y, median(Arrays.copyOf(slopes, k)));
  }

  /**
   * Two-sided 95 % normal quantile: the confidence of the interval the standard error comes from.
   */
  private static final double Z95 = 1.959964;

  /**
   * Seasonal Theil-Sen (Hirsch's seasonal Kendall slope): only pairs a whole number of periods
   * apart give slopes, so a pattern that repeats every period (morning dew on insulation, a daily
   * charge cycle) cancels out instead of reading as a trend whenever the window ends at its trough.
   * Null when fewer than {@code minPairs} such pairs exist (less than about two periods of data).
   *
   * <p>The standard error is that of the estimator actually used: half of Sen's 95 % confidence
   * interval for the slope (the ranks among the ordered pair slopes given by the variance of the
   * seasonal Kendall statistic, Hirsch, Slack and Smith 1982), divided by 1.96. The residual-based
   * error of an ordinary line fit assumes every point informs the slope; here only the few
   * day-apart pairs do (about 24 on the second day), so that error was too small by a factor that
   * depends on how much of the window is covered twice. Infinite when the pairs are too few for an
   * interval.
   *
   * @param period in the unit of x
   */
  public static RobustTrend fitSeasonal(double[] x, double[] y, double period, int minPairs) {
    int n = x.length;
    if (y.length != n) {
      throw new IllegalArgumentException("need points of equal length");
    }
    double tolerance = period * 0.01;
    double[] slopes = new double[n * (n - 1) / 2];
    int[] season = new int[n];
    Arrays.fill(season, -1);
    int seasons = 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (season[i] < 0) {
        season[i] = seasons++;
      }
      for (int j = i + 1; j < n; j++) {
        double lag = x[j] - x[i];
        double periods = Math.rint(lag / period);
        if (periods >= 1 && Math.abs(lag - periods * period) <= tolerance) {
          slopes[k++] = (y[j] - y[i]) / lag;
          if (season[j] < 0) {
            season[j] = season[i];
          }
        }
      }
    }
    if (k < Math.max(1, minPairs)) {
      return null;
    }
    double[] sorted = Arrays.copyOf(slopes, k);
    Arrays.sort(sorted);
    RobustTrend line = withSlope(x, y, median(sorted));
    return new RobustTrend(line.slope(), line.level(), senStandardError(sorted, season, seasons));
  }

  /** Half of Sen's 95 % interval over 1.96, from the ordered pair slopes and the season sizes. */
  static double senStandardError(double[] sortedSlopes, int[] seasonOf, int seasons) {
    int[] sizes = new int[seasons];
    for (int s : seasonOf) {
      sizes[s]++;
    }
    double varS = 0;
    for (int m : sizes) {
      varS += m * (m - 1.0) * (2.0 * m + 5) / 18;
    }
    int pairs = sortedSlopes.length;
    double c = Z95 * Math.sqrt(varS);
    // 1-based ranks of the interval's ends among the ordered slopes
    int lower = (int) Math.floor((pairs - c) / 2);
    int upper = (int) Math.ceil((pairs + c) / 2 + 1);
    if (lower < 1 || upper > pairs) {
      return Double.POSITIVE_INFINITY;
    }
    return (sortedSlopes[upper - 1] - sortedSlopes[lower - 1]) / (2 * Z95);
  }

  private static RobustTrend withSlope(double[] x, double[] y, double slope) {
    int n = x.length;
    double[] intercepts = new double[n];
    for (int i = 0; i < n; i++) {
      intercepts[i] = y[i] - slope * x[i];
    }
    double intercept = median(intercepts);
    double[] residuals = new double[n];
    double meanX = 0;
    for (int i = 0; i < n; i++) {
      residuals[i] = Math.abs(y[i] - (intercept + slope * x[i]));
      meanX += x[i];
    }
    meanX /= n;
    double sxx = 0;
    for (double xi : x) {
      sxx += (xi - meanX) * (xi - meanX);
    }
    double sigma = 1.4826 * median(residuals);
    double se = sxx > 0 ? sigma / Math.sqrt(sxx) : Double.POSITIVE_INFINITY;
    return new RobustTrend(slope, intercept + slope * x[n - 1], se);
  }

  static double median(double[] values) {
    if (values.length == 0) {
      return 0;
    }
    double[] v = values.clone();
    Arrays.sort(v);
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }
}
