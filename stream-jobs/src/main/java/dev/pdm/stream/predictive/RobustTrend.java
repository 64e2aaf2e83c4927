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
    double slope = median(Arrays.copyOf(slopes, k));
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
