package dev.pdm.model.incident;

import static dev.pdm.model.codec.Validation.optionalIdentifier;
import static dev.pdm.model.codec.Validation.optionalText;
import static dev.pdm.model.codec.Validation.require;
import static dev.pdm.model.codec.Validation.requireIdentifier;
import static dev.pdm.model.codec.Validation.requireSchemaVersion;
import static dev.pdm.model.codec.Validation.requireText;

import dev.pdm.model.codec.InvalidEventException;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.EventIds;
import dev.pdm.model.event.Severity;
import java.time.Instant;
import java.util.List;

/**
 * A correlated fault (or predicted fault) of one device, as the stream job publishes it. Each
 * change is published again with a higher {@code version}; consumers apply a version once and
 * ignore older or equal ones, which makes redelivery harmless.
 *
 * @param incidentId deterministic from serial, primary code and first-seen time
 * @param codes every code folded into this incident (grouping), primary first
 * @param occurrences raise edges seen while the incident was active
 * @param flapCount raise/clear transitions inside the flapping window
 * @param reason why the correlator or detector produced or changed it, readable by an engineer
 * @param asOf the event (device) time this version describes the incident at: the edge or the
 *     passing of event time that produced it, so {@code asOf - firstSeen} is how long the incident
 *     had lasted in device time; null from producers that predate the field
 */
public record Incident(
    int schemaVersion,
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
    Instant firstSeen,
    Instant lastSeen,
    Instant clearedAt,
    int occurrences,
    boolean flapping,
    int flapCount,
    List<SuppressedSymptom> suppressed,
    List<EvidencePoint> evidence,
    String reason,
    Instant asOf) {

  public Incident {
    requireSchemaVersion(schemaVersion);
    if (version < 1) {
      throw new InvalidEventException("version", "must be >= 1 but was " + version);
    }
    require("kind", kind);
    require("status", status);
    requireIdentifier("serial", serial);
    require("deviceClass", deviceClass);
    requireText("model", model);
    requireText("firmware", firmware);
    optionalIdentifier("batch", batch);
    requireIdentifier("site", site);
    requireText("primaryCode", primaryCode);
    codes = List.copyOf(require("codes", codes));
    if (codes.isEmpty() || !codes.get(0).equals(primaryCode)) {
      throw new InvalidEventException("codes", "must start with the primary code " + primaryCode);
    }
    require("severity", severity);
    require("firstSeen", firstSeen);
    require("lastSeen", lastSeen);
    if (lastSeen.isBefore(firstSeen)) {
      throw new InvalidEventException("lastSeen", "is before firstSeen");
    }
    if (status == IncidentStatus.CLEARED) {
      require("clearedAt", clearedAt);
    }
    if (occurrences < 1) {
      throw new InvalidEventException("occurrences", "must be >= 1 but was " + occurrences);
    }
    if (flapCount < 0) {
      throw new InvalidEventException("flapCount", "must be >= 0 but was " + flapCount);
    }
    suppressed = suppressed == null ? List.of() : List.copyOf(suppressed);
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
    reason = optionalText("reason", reason);
    if (asOf != null && asOf.isBefore(firstSeen)) {
      throw new InvalidEventException("asOf", "is before firstSeen");
    }
    String expected = EventIds.incidentId(serial, primaryCode, firstSeen);
    if (incidentId == null) {
      incidentId = expected;
    } else if (!incidentId.equals(expected)) {
      throw new InvalidEventException(
          "incidentId",
          "does not match serial, primaryCode and firstSeen (expected " + expected + ")");
    }
  }

  /** An incident without {@code asOf}: the shape of the record before that field existed. */
  public Incident(
      int schemaVersion,
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
      Instant firstSeen,
      Instant lastSeen,
      Instant clearedAt,
      int occurrences,
      boolean flapping,
      int flapCount,
      List<SuppressedSymptom> suppressed,
      List<EvidencePoint> evidence,
      String reason) {
    this(
        schemaVersion,
        incidentId,
        version,
        kind,
        status,
        serial,
        deviceClass,
        model,
        firmware,
        batch,
        site,
        primaryCode,
        codes,
        severity,
        firstSeen,
        lastSeen,
        clearedAt,
        occurrences,
        flapping,
        flapCount,
        suppressed,
        evidence,
        reason,
        null);
  }
}
