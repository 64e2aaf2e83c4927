package dev.pdm.simulators.scenario;

import java.time.Duration;

/**
 * Knobs of the scenarios; null choices (batch, firmware, site) are made from the fleet and seed.
 *
 * @param backgroundFaultsPerDeviceDay isolated device faults per device per day (about one per
 *     device every 18 months at the default)
 * @param noiseEventsPerSiteDay maintenance activities (manual shutdown, cabinet open) per site/day
 * @param defectiveFraction share of the defective batch's devices that fail over the run
 * @param flappingFraction share of the buggy firmware's chargers that flap
 * @param flapCount raise/clear cycles per flapping charger
 * @param degradingInverters inverters whose cooling degrades
 * @param silentDevices devices that go silent; 0 picks one in five hundred (at least one)
 */
public record ScenarioParams(
    double backgroundFaultsPerDeviceDay,
    double noiseEventsPerSiteDay,
    String defectiveBatch,
    double defectiveFraction,
    String flappingFirmware,
    double flappingFraction,
    int flapCount,
    String outageSite,
    Duration outageDuration,
    int degradingInverters,
    String offlineSite,
    Duration offlineDuration,
    int silentDevices,
    Duration silentDuration) {

  public static ScenarioParams defaults() {
    return new ScenarioParams(
        0.002,
        0.3,
        null,
        0.3,
        null,
        0.5,
        12,
        null,
        Duration.ofHours(2),
        3,
        null,
        Duration.ofHours(4),
        0,
        Duration.ofHours(6));
  }

  public ScenarioParams withBackgroundFaultsPerDeviceDay(double rate) {
    return new ScenarioParams(
        rate,
        noiseEventsPerSiteDay,
        defectiveBatch,
        defectiveFraction,
        flappingFirmware,
        flappingFraction,
        flapCount,
        outageSite,
        outageDuration,
        degradingInverters,
        offlineSite,
        offlineDuration,
        silentDevices,
        silentDuration);
  }

  /** Problems with the values, empty when valid. */
  public java.util.List<String> problems() {
    java.util.List<String> p = new java.util.ArrayList<>();
    if (!(backgroundFaultsPerDeviceDay >= 0)) {
      p.add("backgroundFaultsPerDeviceDay must be >= 0");
    }
    if (!(noiseEventsPerSiteDay >= 0)) {
      p.add("noiseEventsPerSiteDay must be >= 0");
    }
    if (!(defectiveFraction > 0 && defectiveFraction <= 1)) {
      p.add("defectiveFraction must be in (0, 1]");
    }
    if (!(flappingFraction > 0 && flappingFraction <= 1)) {
      p.add("flappingFraction must be in (0, 1]");
    }
    if (flapCount < 1) {
      p.add("flapCount must be >= 1");
    }
    if (degradingInverters < 0) {
      p.add("degradingInverters must be >= 0");
    }
    if (silentDevices < 0) {
      p.add("silentDevices must be >= 0");
    }
    for (Duration d : new Duration[] {outageDuration, offlineDuration, silentDuration}) {
      if (d == null || d.isNegative() || d.isZero()) {
        p.add("outage, offline and silent durations must be positive");
        break;
      }
    }
    return p;
  }
}
