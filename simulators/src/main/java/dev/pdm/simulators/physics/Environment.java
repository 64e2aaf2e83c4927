package dev.pdm.simulators.physics;

import dev.pdm.simulators.fleet.Site;

/** Sun and weather at a site; shared by every device there. */
public final class Environment {

  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;
  private static final int BEIJING_OFFSET_HOURS = 8;

  private final long seed;

  public Environment(long seed) {
    this.seed = seed;
  }

  /** Hour of the solar day at the site, 12.0 being local solar noon. */
  public static double solarHour(Site site, long t) {
    double h = t / (double) HOUR + BEIJING_OFFSET_HOURS - site.solarOffsetMinutes() / 60.0;
    return ((h % 24) + 24) % 24;
  }

  /** Hour of the day on the site's wall clock (Asia/Shanghai), for human behaviour. */
  public static double clockHour(long t) {
    double h = t / (double) HOUR + BEIJING_OFFSET_HOURS;
    return ((h % 24) + 24) % 24;
  }

  static double dayOfYear(long t) {
    return ((t / (double) DAY) % 365.25 + 365.25) % 365.25;
  }

  /** Clear-sky fraction of peak irradiance: 0 at night, a sine arch over the day. */
  public double clearSky(Site site, long t) {
    double dayLength = 12 + 2.2 * Math.sin(2 * Math.PI * (dayOfYear(t) - 80) / 365.25);
    double sunrise = 12 - dayLength / 2;
    double h = solarHour(site, t);
    if (h <= sunrise || h >= sunrise + dayLength) {
      return 0;
    }
    return Math.sin(Math.PI * (h - sunrise) / dayLength);
  }

  /** Fraction of clear-sky irradiance getting through the clouds at the site. */
  public double cloudFactor(Site site, long t) {
    double dayCloudiness = Noise.unit(seed, 1_000_000L + site.index(), Math.floorDiv(t, DAY));
    double passing = Noise.smooth(seed, 2_000_000L + site.index(), t, 20 * 60_000L);
    return 1 - 0.75 * dayCloudiness * passing;
  }

  /** Irradiance fraction including clouds, 0..1. */
  public double irradiance(Site site, long t) {
    return clearSky(site, t) * cloudFactor(site, t);
  }

  /** Outdoor air temperature in degrees Celsius: seasonal mean, daily swing, weather. */
  public double ambient(Site site, long t) {
    double seasonal = 16 + 10 * Math.sin(2 * Math.PI * (dayOfYear(t) - 105) / 365.25);
    double daily = 5 * Math.sin(2 * Math.PI * (solarHour(site, t) - 9) / 24);
    double weather = 4 * Noise.centred(seed, 3_000_000L + site.index(), Math.floorDiv(t, DAY));
    return seasonal + daily + weather;
  }
}
