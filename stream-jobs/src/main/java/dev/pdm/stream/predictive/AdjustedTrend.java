package dev.pdm.stream.predictive;

/**
 * Trend at equal operating point: least squares of {@code y = a + b*z + c*t} over bucket medians,
 * where z is the operating point (load, current squared). The time coefficient c is the drift that
 * load changes cannot explain; fitting load and time together keeps a sunny afternoon (load up,
 * temperature up) from looking like wear. Its standard error comes from the residual variance.
 */
final class AdjustedTrend {

  private AdjustedTrend() {}

  /**
   * Fits and reports the time slope, the fitted level at the reference operating point and the last
   * time, and the slope's standard error (infinite when the points cannot separate load from time,
   * e.g. constant load).
   */
  static RobustTrend fit(double[] t, double[] z, double[] y, double zReference) {
    int n = t.length;
    if (n < 4) {
      throw new IllegalArgumentException("need at least 4 points");
    }
    double[][] xtx = new double[3][3];
    double[] xty = new double[3];
    for (int i = 0; i < n; i++) {
      double[] row = {1, z[i], t[i]};
      for (int r = 0; r < 3; r++) {
        xty[r] += row[r] * y[i];
        for (int c = 0; c < 3; c++) {
          xtx[r][c] += row[r] * row[c];
        }
      }
    }
    double[][] inv = invert(xtx);
    if (inv == null) {
      return new RobustTrend(0, y[n - 1], Double.POSITIVE_INFINITY);
    }
    double[] beta = new double[3];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        beta[r] += inv[r][c] * xty[c];
      }
    }
    double rss = 0;
    for (int i = 0; i < n; i++) {
      double e = y[i] - (beta[0] + beta[1] * z[i] + beta[2] * t[i]);
      rss += e * e;
    }
    double sigma2 = rss / (n - 3);
    double se = Math.sqrt(Math.max(0, sigma2 * inv[2][2]));
    double level = beta[0] + beta[1] * zReference + beta[2] * t[n - 1];
    return new RobustTrend(beta[2], level, se);
  }

  /** Inverse of a symmetric 3x3 matrix, or null when (nearly) singular. */
  private static double[][] invert(double[][] m) {
    double a = m[0][0];
    double b = m[0][1];
    double c = m[0][2];
    double d = m[1][0];
    double e = m[1][1];
    double f = m[1][2];
    double g = m[2][0];
    double h = m[2][1];
    double k = m[2][2];
    double co00 = e * k - f * h;
    double co01 = -(d * k - f * g);
    double co02 = d * h - e * g;
    double det = a * co00 + b * co01 + c * co02;
    double scale = Math.abs(a * e * k) + Math.abs(b * f * g) + Math.abs(c * d * h) + 1e-300;
    if (Math.abs(det) < 1e-12 * scale) {
      return null;
    }
    double[][] inv = new double[3][3];
    inv[0][0] = co00 / det;
    inv[0][1] = -(b * k - c * h) / det;
    inv[0][2] = (b * f - c * e) / det;
    inv[1][0] = co01 / det;
    inv[1][1] = (a * k - c * g) / det;
    inv[1][2] = -(a * f - c * d) / det;
    inv[2][0] = co02 / det;
    inv[2][1] = -(a * h - b * g) / det;
    inv[2][2] = (a * e - b * d) / det;
    return inv;
  }
}
