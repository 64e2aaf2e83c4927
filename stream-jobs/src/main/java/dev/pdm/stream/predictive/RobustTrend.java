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
   * Seasonal Theil-Sen (Hirsch's seasonal Kendall slope): only pairs a whole number of periods
   * apart give slopes, so a pattern that repeats every period (morning dew on insulation, a daily
   * charge cycle) cancels out instead of reading as a trend whenever the window ends at its trough.
   * Null when fewer than {@code minPairs} such pairs exist (less than about two periods of data).
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
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double lag = x[j] - x[i];
        double periods = Math.rint(lag / period);
        if (periods >= 1 && Math.abs(lag - periods * period) <= tolerance) {
          slopes[k++] = (y[j] - y[i]) / lag;
        }
      }
    }
    if (k < Math.max(1, minPairs)) {
      return null;
    }
    return withSlope(x, y, median(Arrays.copyOf(slopes, k)));
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
