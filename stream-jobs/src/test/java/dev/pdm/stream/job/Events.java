package dev.pdm.stream.job;

import dev.pdm.model.codec.EventCodec;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.AlarmState;
import dev.pdm.model.event.Severity;
import dev.pdm.model.event.TelemetryReading;
import dev.pdm.model.topic.Topics;
import dev.pdm.stream.mqtt.MqttRecord;
import java.time.Instant;
import java.util.Map;

/** Fixtures: named instants and intent-named builders of central messages. */
public final class Events {

  public static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
  public static final String SITE = "site-001";
  public static final String GROUND_FAULT = "sunspec-inv:GROUND_FAULT";

  private Events() {}

  public static AlarmEvent groundFault(String serial, long seq) {
    return AlarmEvent.of(
        serial,
        DeviceClass.INVERTER,
        "SG110CX",
        "1.0.3",
        GROUND_FAULT,
        null,
        AlarmState.RAISED,
        Severity.MAJOR,
        T0.plusSeconds(seq),
        seq,
        SITE,
        null);
  }

  public static TelemetryReading heatsink(String serial, long seq, double celsius) {
    return TelemetryReading.of(
        serial,
        DeviceClass.INVERTER,
        "SG110CX",
        "1.0.3",
        T0.plusSeconds(seq),
        seq,
        SITE,
        null,
        Map.of("heatsink_temp_c", celsius, "ac_power_w", 51_000.0));
  }

  public static MqttRecord onItsTopic(AlarmEvent alarm) {
    return new MqttRecord(
        Topics.central(alarm.site(), alarm.serial(), Topics.Kind.ALARM), EventCodec.encode(alarm));
  }

  public static MqttRecord onItsTopic(TelemetryReading reading) {
    return new MqttRecord(
        Topics.central(reading.site(), reading.serial(), Topics.Kind.TELEMETRY),
        EventCodec.encode(reading));
  }
}
