package dev.pdm.model.vendor;

import static dev.pdm.model.codec.Validation.require;
import static dev.pdm.model.codec.Validation.requireIdentifier;
import static dev.pdm.model.codec.Validation.requireNonNegative;
import static dev.pdm.model.codec.Validation.requireText;

import java.time.Instant;
import java.util.Map;

/**
 * What any device publishes on {@code devices/{class}/{serial}/telemetry}: a flat map of metric
 * values (names from {@link dev.pdm.model.event.Metrics}) with the device clock and a counter.
 */
public record DeviceTelemetryFrame(
    String sn, String model, String fw, long seq, long ts, Map<String, Double> values) {

  public DeviceTelemetryFrame {
    requireIdentifier("sn", sn);
    requireText("model", model);
    requireText("fw", fw);
    requireNonNegative("seq", seq);
    requireNonNegative("ts", ts);
    values = Map.copyOf(require("values", values));
  }

  public Instant deviceTime() {
    return Instant.ofEpochMilli(ts);
  }
}
