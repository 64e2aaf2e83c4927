package dev.pdm.model.device;

import java.util.Locale;

/** The three device families of a new-energy fleet. */
public enum DeviceClass {
  INVERTER("inverter"),
  BMS("bms"),
  CHARGER("charger");

  private final String topicSegment;

  DeviceClass(String topicSegment) {
    this.topicSegment = topicSegment;
  }

  /** The lower-case name used in site-local device topics ({@code devices/{class}/...}). */
  public String topicSegment() {
    return topicSegment;
  }

  /** Parses either the enum name or the topic segment, case-insensitively. */
  public static DeviceClass parse(String text) {
    String upper = text.trim().toUpperCase(Locale.ROOT);
    for (DeviceClass c : values()) {
      if (c.name().equals(upper)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown device class '" + text + "'");
  }
}
