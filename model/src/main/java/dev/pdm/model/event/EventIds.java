package dev.pdm.model.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Deterministic identifiers: the same content always gives the same id, so a redelivered message, a
 * replayed buffer or a re-run of the stream job is recognisably the same event or incident.
 */
public final class EventIds {

  private EventIds() {}

  /** Alarm events: serial, namespaced code, device timestamp and device sequence number. */
  public static String alarmEventId(String serial, String code, Instant deviceTime, long seq) {
    return nameBased("alarm|" + serial + "|" + code + "|" + deviceTime.toEpochMilli() + "|" + seq);
  }

  /** Telemetry readings: serial, device timestamp and device sequence number. */
  public static String telemetryEventId(String serial, Instant deviceTime, long seq) {
    return nameBased("telemetry|" + serial + "|" + deviceTime.toEpochMilli() + "|" + seq);
  }

  /** Incidents: the serial, the code that opened it and when it was first seen. */
  public static String incidentId(String serial, String primaryCode, Instant firstSeen) {
    return nameBased("incident|" + serial + "|" + primaryCode + "|" + firstSeen.toEpochMilli());
  }

  /** Batch-risk signals: one episode of a batch and failure mode, from its first detection. */
  public static String batchSignalId(String batch, String failureMode, Instant firstDetected) {
    return nameBased("batch|" + batch + "|" + failureMode + "|" + firstDetected.toEpochMilli());
  }

  private static String nameBased(String key) {
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
