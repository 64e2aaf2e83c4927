package dev.pdm.model.event;

/** An alarm edge as the device reports it. */
public enum AlarmState {
  RAISED,
  CLEARED
}
