package dev.pdm.model.event;

import static dev.pdm.model.codec.Validation.optionalIdentifier;
import static dev.pdm.model.codec.Validation.optionalText;
import static dev.pdm.model.codec.Validation.require;
import static dev.pdm.model.codec.Validation.requireDeviceTime;
import static dev.pdm.model.codec.Validation.requireIdentifier;
import static dev.pdm.model.codec.Validation.requireNonNegative;
import static dev.pdm.model.codec.Validation.requireSchemaVersion;
import static dev.pdm.model.codec.Validation.requireText;

import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.codec.InvalidEventException;
import dev.pdm.model.codec.Schema;
import dev.pdm.model.device.DeviceClass;
import java.time.Instant;

/**
 * A canonical alarm edge: one code of one device RAISED or CLEARED. Site comes from the edge
 * gateway; batch is a registry fact added by the stream job's enrichment step (null before it).
 *
 * @param code namespaced catalogue code, e.g. {@code sunspec-inv:GROUND_FAULT}
 * @param vendorCode the device maker's own code, carried along unchanged, may be null
 */
public record AlarmEvent(
    int schemaVersion,
    String eventId,
    String serial,
    DeviceClass deviceClass,
    String model,
    String firmware,
    String code,
    String vendorCode,
    AlarmState state,
    Severity severity,
    Instant deviceTime,
    long seq,
    String site,
    String batch) {

  public AlarmEvent {
    requireSchemaVersion(schemaVersion);
    requireIdentifier("serial", serial);
    require("deviceClass", deviceClass);
    requireText("model", model);
    requireText("firmware", firmware);
    requireText("code", code);
    vendorCode = optionalText("vendorCode", vendorCode);
    require("state", state);
    require("severity", severity);
    requireDeviceTime("deviceTime", deviceTime);
    requireNonNegative("seq", seq);
    requireIdentifier("site", site);
    optionalIdentifier("batch", batch);
    var entry =
        AlarmCatalogue.standard()
            .find(code)
            .orElseThrow(
                () -> new InvalidEventException("code", "'" + code + "' is not in the catalogue"));
    if (entry.deviceClass() != deviceClass) {
      throw new InvalidEventException(
          "code", code + " belongs to " + entry.deviceClass() + ", not " + deviceClass);
    }
    String expected = EventIds.alarmEventId(serial, code, deviceTime, seq);
    if (eventId == null) {
      eventId = expected;
    } else if (!eventId.equals(expected)) {
      throw new InvalidEventException(
          "eventId", "does not match the content (expected " + expected + ")");
    }
  }

  /** A new alarm event with the derived eventId and the current schema version. */
  public static AlarmEvent of(
      String serial,
      DeviceClass deviceClass,
      String model,
      String firmware,
      String code,
      String vendorCode,
      AlarmState state,
      Severity severity,
      Instant deviceTime,
      long seq,
      String site,
      String batch) {
    return new AlarmEvent(
        Schema.VERSION,
        null,
        serial,
        deviceClass,
        model,
        firmware,
        code,
        vendorCode,
        state,
        severity,
        deviceTime,
        seq,
        site,
        batch);
  }

  /** The same event with the registry's batch (the only enrichment after the gateway). */
  public AlarmEvent withBatch(String newBatch) {
    return new AlarmEvent(
        schemaVersion,
        eventId,
        serial,
        deviceClass,
        model,
        firmware,
        code,
        vendorCode,
        state,
        severity,
        deviceTime,
        seq,
        site,
        newBatch);
  }
}
