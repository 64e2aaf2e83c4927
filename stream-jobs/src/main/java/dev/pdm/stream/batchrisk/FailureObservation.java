package dev.pdm.stream.batchrisk;

import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.catalogue.AlarmCode;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.incident.Incident;
import dev.pdm.model.incident.IncidentKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One device seen failing one way (a failure family of the catalogue) at an event time: the unit
 * batch risk counts. Derived from FAULT incidents, at their first-seen time, one per family of
 * their codes; every version of an incident yields the same observations, and counting distinct
 * serials makes the repeats harmless.
 */
public record FailureObservation(
    String batch,
    String family,
    DeviceClass deviceClass,
    String model,
    String firmware,
    String serial,
    long at) {

  /**
   * Families that are not device failures. {@code enclosure} (cabinet or battery door open) is
   * overwhelmingly people at work: scored against the simulators' maintenance noise it put a
   * batch-risk episode on every battery batch of a simulated month, and a door switch is not what a
   * manufacturing-batch problem is about.
   */
  static final Set<String> NOT_FAILURES = Set.of("none", "operation", "enclosure");

  /** The key batch detectors are partitioned by. */
  public String batchKey() {
    return batch + "|" + family;
  }

  /** The key the fleet baseline is partitioned by. */
  public String fleetKey() {
    return deviceClass + "|" + family;
  }

  /** Observations of an incident; none for predictive incidents or devices without a batch. */
  public static List<FailureObservation> of(Incident incident) {
    if (incident.kind() != IncidentKind.FAULT || incident.batch() == null) {
      return List.of();
    }
    Set<String> families = new LinkedHashSet<>();
    for (String code : incident.codes()) {
      AlarmCode entry = AlarmCatalogue.standard().find(code).orElse(null);
      if (entry != null && !NOT_FAILURES.contains(entry.family())) {
        families.add(entry.family());
      }
    }
    List<FailureObservation> out = new ArrayList<>(families.size());
    for (String family : families) {
      out.add(
          new FailureObservation(
              incident.batch(),
              family,
              incident.deviceClass(),
              incident.model(),
              incident.firmware(),
              incident.serial(),
              incident.firstSeen().toEpochMilli()));
    }
    return out;
  }
}
