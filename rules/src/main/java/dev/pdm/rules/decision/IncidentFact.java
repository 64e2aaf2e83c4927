package dev.pdm.rules.decision;

import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.catalogue.AlarmCode;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.Severity;
import dev.pdm.model.incident.Incident;
import dev.pdm.model.incident.IncidentKind;
import dev.pdm.model.incident.IncidentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The incident as the rules see it: the wire record plus the catalogue's failure family of the
 * primary code, so rules can speak of failure modes without a catalogue lookup in DRL.
 *
 * @param family the failure mode of the primary code, {@code unknown} for codes outside the
 *     catalogue
 * @param clearedAt when the incident's codes cleared, for a CLEARED version
 * @param asOf the device time this version describes the incident at (null from producers that
 *     predate it; {@link #activeMinutes()} then counts up to {@code lastSeen})
 */
public record IncidentFact(
    String incidentId,
    long version,
    IncidentKind kind,
    IncidentStatus status,
    String serial,
    DeviceClass deviceClass,
    String model,
    String firmware,
    String batch,
    String site,
    String primaryCode,
    List<String> codes,
    Severity severity,
    String family,
    Instant firstSeen,
    Instant lastSeen,
    int occurrences,
    boolean flapping,
    int flapCount,
    Instant clearedAt,
    Instant asOf) {

  public static final String UNKNOWN_FAMILY = "unknown";

  public static IncidentFact of(Incident i) {
    String family =
        AlarmCatalogue.standard()
            .find(i.primaryCode())
            .map(AlarmCode::family)
            .orElse(UNKNOWN_FAMILY);
    return new IncidentFact(
        i.incidentId(),
        i.version(),
        i.kind(),
        i.status(),
        i.serial(),
        i.deviceClass(),
        i.model(),
        i.firmware(),
        i.batch(),
        i.site(),
        i.primaryCode(),
        i.codes(),
        i.severity(),
        family,
        i.firstSeen(),
        i.lastSeen(),
        i.occurrences(),
        i.flapping(),
        i.flapCount(),
        i.clearedAt(),
        i.asOf());
  }

  /**
   * How long the incident had lasted at this version, in whole minutes of device time: from
   * firstSeen to its clear, or to {@code asOf} while active. Rules judge durations with this rather
   * than the decision clock, because a replay or a gateway flushing its buffer delivers incidents
   * long after their device time.
   */
  public long activeMinutes() {
    Instant until;
    if (status == IncidentStatus.CLEARED && clearedAt != null) {
      until = clearedAt;
    } else {
      until = asOf != null ? asOf : lastSeen;
    }
    return Math.max(0, Duration.between(firstSeen, until).toMinutes());
  }

  public boolean hasCode(String code) {
    return codes.contains(code);
  }

  public boolean atLeast(Severity other) {
    return severity.atLeast(other);
  }
}
