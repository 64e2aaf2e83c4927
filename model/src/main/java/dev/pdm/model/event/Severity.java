package dev.pdm.model.event;

/** Severity as the device or the catalogue states it, least severe first. */
public enum Severity {
  INFO,
  WARNING,
  MAJOR,
  CRITICAL;

  public boolean atLeast(Severity other) {
    return compareTo(other) >= 0;
  }
}
