package dev.pdm.model.incident;

import static dev.pdm.model.codec.Validation.require;

import java.time.Instant;
import java.util.Map;

/** One telemetry sample kept as evidence around a fault. */
public record EvidencePoint(Instant time, Map<String, Double> metrics) {
  public EvidencePoint {
    require("evidence.time", time);
    metrics = Map.copyOf(require("evidence.metrics", metrics));
  }
}
