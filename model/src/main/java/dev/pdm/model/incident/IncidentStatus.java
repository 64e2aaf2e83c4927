package dev.pdm.model.incident;

/**
 * ACTIVE while any of its codes is raised (or held open while flapping); CLEARED once all cleared.
 */
public enum IncidentStatus {
  ACTIVE,
  CLEARED
}
