package dev.pdm.stream.batchrisk;

import dev.pdm.model.device.DeviceClass;

/**
 * The whole fleet's count for one device class and failure family in the window ending at {@code
 * windowEnd}: what batch detectors compare their batch against (after taking their own batch out).
 */
public record FleetRate(
    DeviceClass deviceClass, String family, long windowEnd, int affected, int population) {

  public String fleetKey() {
    return deviceClass + "|" + family;
  }
}
