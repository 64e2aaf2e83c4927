package dev.pdm.model.incident;

/** What produced an incident: device alarms, or a trend detector ahead of any alarm. */
public enum IncidentKind {
  FAULT,
  PREDICTIVE
}
