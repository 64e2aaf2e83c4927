package dev.pdm.stream.batchrisk;

import java.util.Locale;

/**
 * Wald's sequential probability ratio test on the number of affected devices of a batch: H0 says
 * each device fails with the baseline probability p0 within a window, H1 says p1 = k * p0. The log
 * likelihood ratio of x affected out of n is {@code x ln(p1/p0) + (n-x) ln((1-p1)/(1-p0))}; it
 * crosses A = ln((1-beta)/alpha) only with probability at most about alpha under H0, and falls to B
 * = ln(beta/(1-alpha)) when the batch looks healthy again.
 */
public record Sprt(double p0, double p1, double alpha, double beta) {

  public Sprt {
    if (!(p0 > 0 && p1 > p0 && p1 < 1)) {
      throw new IllegalArgumentException("need 0 < p0 < p1 < 1");
    }
  }

  /** p1 = multiplier * p0, capped below 1. */
  public static Sprt of(double p0, double multiplier, double alpha, double beta) {
    return new Sprt(p0, Math.min(p0 * multiplier, 0.999), alpha, beta);
  }

  public double upper() {
    return Math.log((1 - beta) / alpha);
  }

  public double lower() {
    return Math.log(beta / (1 - alpha));
  }

  public double logLikelihoodRatio(int affected, int population) {
    return affected * Math.log(p1 / p0) + (population - affected) * Math.log((1 - p1) / (1 - p0));
  }

  /**
   * The log likelihood ratio with the alternative raised to the observed rate when that is higher
   * (a generalized likelihood ratio): a small batch with a large share failing is as suspicious as
   * it looks, while below the observed rate p1 the test is the plain SPRT.
   */
  public double generalizedLogLikelihoodRatio(int affected, int population) {
    double observed = population == 0 ? 0 : (double) affected / population;
    double alternative = Math.min(0.999, Math.max(p1, observed));
    return affected * Math.log(alternative / p0)
        + (population - affected) * Math.log((1 - alternative) / (1 - p0));
  }

  /** The fewest affected devices out of {@code population} that cross the upper bound. */
  public int minimumAffected(int population) {
    for (int x = 0; x <= population; x++) {
      if (generalizedLogLikelihoodRatio(x, population) >= upper()) {
        return x;
      }
    }
    return population + 1;
  }

  /**
   * P(X < affected) for X ~ Binomial(population, p0): one minus the chance the baseline alone gives
   * this many affected devices or more, i.e. the confidence that the batch is worse than the fleet.
   */
  public double confidence(int affected, int population) {
    if (affected <= 0) {
      return 0;
    }
    double logQ = Math.log1p(-p0);
    double logP = Math.log(p0);
    double logPmf = population * logQ;
    double sum = 0;
    for (int i = 0; i < affected && i <= population; i++) {
      sum += Math.exp(logPmf);
      logPmf += Math.log((double) (population - i) / (i + 1)) + logP - logQ;
    }
    return Math.max(0, Math.min(1, sum));
  }

  public String describe() {
    return String.format(
        Locale.ROOT, "GLR-SPRT(p0=%.5f,p1>=%.5f,alpha=%s,beta=%s)", p0, p1, alpha, beta);
  }
}
