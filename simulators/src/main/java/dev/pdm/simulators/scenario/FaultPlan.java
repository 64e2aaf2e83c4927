package dev.pdm.simulators.scenario;

import dev.pdm.simulators.physics.Effect;
import java.util.List;
import java.util.Map;

/**
 * Everything a scenario injects into a time range: the ground truth, the alarm transitions in time
 * order and the telemetry effects per serial.
 */
public record FaultPlan(
    String scenario,
    long fromMillis,
    long toMillis,
    List<GroundTruthFault> faults,
    List<AlarmTransition> transitions,
    Map<String, List<Effect>> effects) {

  public FaultPlan {
    faults = List.copyOf(faults);
    transitions = List.copyOf(transitions);
    effects = Map.copyOf(effects);
  }

  public List<Effect> effectsFor(String serial) {
    return effects.getOrDefault(serial, List.of());
  }

  public List<GroundTruthFault> of(FaultKind kind) {
    return faults.stream().filter(f -> f.kind() == kind).toList();
  }
}
