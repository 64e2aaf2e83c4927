package dev.pdm.simulators.scenario;

import java.time.Instant;
import java.util.List;

/**
 * One injected fault, one line of the ground-truth file.
 *
 * @param serial the device, when the fault concerns exactly one
 * @param serials every device concerned (also for single-device faults)
 * @param firstAlarmAt when the first alarm frame of the fault is published; null when the fault
 *     raises no alarm (silence, gateway offline) or only after the simulated range
 * @param endedAt when the fault ends (last clear, or end of the window); may lie after the range
 * @param raises how many raise transitions the fault publishes per device (the flap count)
 */
public record GroundTruthFault(
    String faultId,
    String scenario,
    FaultKind kind,
    String serial,
    List<String> serials,
    String batch,
    String site,
    String firmware,
    List<String> codes,
    Instant startedAt,
    Instant firstAlarmAt,
    Instant endedAt,
    int raises,
    ExpectedOutcome expected) {

  public GroundTruthFault {
    serials = List.copyOf(serials);
    codes = List.copyOf(codes);
  }
}
