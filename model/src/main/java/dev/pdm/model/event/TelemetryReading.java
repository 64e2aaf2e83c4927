package dev.pdm.model.event;

import static dev.pdm.model.codec.Validation.optionalIdentifier;
import static dev.pdm.model.codec.Validation.require;
import static dev.pdm.model.codec.Validation.requireDeviceTime;
import static dev.pdm.model.codec.Validation.requireFinite;
import static dev.pdm.model.codec.Validation.requireIdentifier;
import static dev.pdm.model.codec.Validation.requireNonNegative;
import static dev.pdm.model.codec.Validation.requireSchemaVersion;
import static dev.pdm.model.codec.Validation.requireText;

import dev.pdm.model.codec.InvalidEventException;
import dev.pdm.model.codec.Schema;
import dev.pdm.model.device.DeviceClass;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One telemetry sample of one device: named numeric metrics at a device timestamp. Metric names are
 * snake_case with their unit as suffix ({@code heatsink_temp_c}, {@code ac_power_w}); see {@link
 * Metrics} for the names the system understands.
 */
public record TelemetryReading(
    int schemaVersion,
    String eventId,
    String serial,
    DeviceClass deviceClass,
    String model,
    String firmware,
    Instant deviceTime,
    long seq,
    String site,
    String batch,
    Map<String, Double> metrics) {

  private static final Pattern METRIC_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final int MAX_METRICS = 64;

  public TelemetryReading {
    requireSchemaVersion(schemaVersion);
    requireIdentifier("serial", serial);
    require("deviceClass", deviceClass);
    requireText("model", model);
    requireText("firmware", firmware);
    requireDeviceTime("deviceTime", deviceTime);
    requireNonNegative("seq", seq);
    requireIdentifier("site", site);
    optionalIdentifier("batch", batch);
    require("metrics", metrics);
    if (metrics.isEmpty()) {
      throw new InvalidEventException("metrics", "must hold at least one metric");
    }
    if (metrics.size() > MAX_METRICS) {
      throw new InvalidEventException("metrics", "holds more than " + MAX_METRICS + " metrics");
    }
    for (Map.Entry<String, Double> e : metrics.entrySet()) {
      if (e.getKey() == null || !METRIC_NAME.matcher(e.getKey()).matches()) {
        throw new InvalidEventException("metrics", "'" + e.getKey() + "' is not a snake_case name");
      }
      require("metrics." + e.getKey(), e.getValue());
      requireFinite("metrics." + e.getKey(), e.getValue());
    }
    metrics = java.util.Collections.unmodifiableMap(new TreeMap<>(metrics));
    String expected = EventIds.telemetryEventId(serial, deviceTime, seq);
    if (eventId == null) {
      eventId = expected;
    } else if (!eventId.equals(expected)) {
      throw new InvalidEventException(
          "eventId", "does not match the content (expected " + expected + ")");
    }
  }

  public static TelemetryReading of(
      String serial,
      DeviceClass deviceClass,
      String model,
      String firmware,
      Instant deviceTime,
      long seq,
      String site,
      String batch,
      Map<String, Double> metrics) {
    return new TelemetryReading(
        Schema.VERSION,
        null,
        serial,
        deviceClass,
        model,
        firmware,
        deviceTime,
        seq,
        site,
        batch,
        metrics);
  }

  public TelemetryReading withBatch(String newBatch) {
    return new TelemetryReading(
        schemaVersion,
        eventId,
        serial,
        deviceClass,
        model,
        firmware,
        deviceTime,
        seq,
        site,
        newBatch,
        metrics);
  }

  /** The metric's value, or NaN when this reading lacks it. */
  public double metric(String name) {
    Double v = metrics.get(name);
    return v == null ? Double.NaN : v;
  }
}
