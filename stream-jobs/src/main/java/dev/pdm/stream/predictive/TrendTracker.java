package dev.pdm.stream.predictive;

import java.util.ArrayList;

/**
 * One detector's view of one device: samples reduced to a median per bucket of event time, a robust
 * slope over the newest buckets, and an on/off state with hysteresis. Mutable on purpose: it lives
 * in keyed state. A sample for a bucket already closed is dropped (buckets are short next to the
 * trends they feed, so a late sample changes nothing that matters).
 */
public final class TrendTracker {

  /** A slope counts only when it is this many standard errors away from flat. */
  static final double MIN_Z = 3.0;

  private static final int MAX_SAMPLES_PER_BUCKET = 256;

  /** Day-apart pairs a seasonal fit needs: about a day of buckets seen on two days. */
  static final int SEASONAL_MIN_PAIRS = 20;

  private static final double MILLIS_PER_DAY = 86_400_000.0;

  public long bucketStart = Long.MIN_VALUE;
  public ArrayList<Double> bucketValues = new ArrayList<>();
  public ArrayList<Double> bucketCovariates = new ArrayList<>();
  public ArrayList<Long> times = new ArrayList<>();
  public ArrayList<Double> medians = new ArrayList<>();
  public ArrayList<Double> covariates = new ArrayList<>();
  public boolean active;
  public long activeSince;
  public long version;

  public TrendTracker() {}

  /** What a closed bucket changed: the detector fired or cleared, with the trend that did it. */
  public record Decision(boolean fired, RobustTrend trend, int buckets, double spanDays) {}

  /**
   * Adds a sample with its operating point (NaN when the detector has none); returns a decision
   * when a bucket closed and the state flipped, else null.
   */
  public Decision add(
      long t, double value, double covariate, PredictiveConfig config, Detector detector) {
    if (!Double.isFinite(value) || (detector.adjusted() && !Double.isFinite(covariate))) {
      return null;
    }
    long bucketMillis = config.bucket().toMillis();
    long start = Math.floorDiv(t, bucketMillis) * bucketMillis;
    if (bucketStart == Long.MIN_VALUE) {
      bucketStart = start;
    }
    if (start < bucketStart) {
      return null;
    }
    if (start == bucketStart) {
      if (bucketValues.size() < MAX_SAMPLES_PER_BUCKET) {
        bucketValues.add(value);
        bucketCovariates.add(covariate);
      }
      return null;
    }
    Decision decision = closeBucket(bucketMillis, config, detector);
    bucketStart = start;
    bucketValues.clear();
    bucketCovariates.clear();
    bucketValues.add(value);
    bucketCovariates.add(covariate);
    return decision;
  }

  private Decision closeBucket(long bucketMillis, PredictiveConfig config, Detector detector) {
    if (bucketValues.isEmpty()) {
      return null;
    }
    times.add(bucketStart + bucketMillis / 2);
    medians.add(RobustTrend.median(toArray(bucketValues)));
    covariates.add(detector.adjusted() ? RobustTrend.median(toArray(bucketCovariates)) : 0.0);
    while (times.size() > config.windowBuckets()) {
      times.remove(0);
      medians.remove(0);
      covariates.remove(0);
    }
    int n = times.size();
    if (n < config.minBuckets()) {
      return null;
    }
    double[] x = new double[n];
    double[] y = new double[n];
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = (times.get(i) - times.get(0)) / MILLIS_PER_DAY;
      y[i] = medians.get(i);
      z[i] = covariates.get(i);
    }
    // Without an operating point to explain it, a daily pattern (dew, charge cycles) would read as
    // a trend whenever the window ends in its trough: compare like hours of different days only.
    RobustTrend trend =
        detector.adjusted()
            ? AdjustedTrend.fit(x, z, y, detector.referenceCovariate())
            : RobustTrend.fitSeasonal(x, y, 1.0, SEASONAL_MIN_PAIRS);
    if (trend == null) {
      return null;
    }
    TrendRule rule = detector.rule(config);
    double worsening = rule.rising() ? trend.slope() : -trend.slope();
    if (!active
        && worsening >= Math.abs(rule.onSlopePerDay())
        && worsening >= MIN_Z * trend.standardError()) {
      active = true;
      return new Decision(true, trend, n, x[n - 1]);
    }
    if (active && worsening <= Math.abs(rule.offSlopePerDay())) {
      active = false;
      return new Decision(false, trend, n, x[n - 1]);
    }
    return null;
  }

  private static double[] toArray(ArrayList<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /**
   * Days until the fitted level reaches the limit at the current slope; NaN if not heading there.
   */
  public static double daysToLimit(RobustTrend trend, TrendRule rule) {
    double gap = rule.rising() ? rule.limit() - trend.level() : trend.level() - rule.limit();
    double speed = rule.rising() ? trend.slope() : -trend.slope();
    if (gap <= 0) {
      return 0;
    }
    return speed > 0 ? gap / speed : Double.NaN;
  }
}
