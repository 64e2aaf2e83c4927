package dev.pdm.stream.job;

import dev.pdm.model.codec.EventCodec;
import dev.pdm.model.codec.InvalidEventException;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.TelemetryReading;
import dev.pdm.model.topic.Topics;

/**
 * Decodes a message of a central topic ({@code pdm/v1/{site}/{serial}/alarm|telemetry}) and checks
 * that the topic and the payload agree: a gateway bug that publishes one device's event under
 * another's topic must be caught here, not correlated to the wrong device. Plain Java; the Flink
 * function around it only routes the results.
 */
public final class CentralMessages {

  private CentralMessages() {}

  /** What a central message decoded to: exactly one of the two is set. */
  public record Decoded(AlarmEvent alarm, TelemetryReading telemetry) {}

  /**
   * @throws InvalidEventException with the field and the reason when the topic is not a central
   *     device topic, the payload breaks the contract, or topic and payload disagree
   */
  public static Decoded decode(String topic, byte[] payload) {
    Topics.CentralTopic central = Topics.parseCentral(topic);
    return switch (central.kind()) {
      case ALARM -> {
        AlarmEvent alarm = EventCodec.decodeAlarm(payload);
        requireMatch(central, alarm.serial(), alarm.site());
        yield new Decoded(alarm, null);
      }
      case TELEMETRY -> {
        TelemetryReading reading = EventCodec.decodeTelemetry(payload);
        requireMatch(central, reading.serial(), reading.site());
        yield new Decoded(null, reading);
      }
    };
  }

  private static void requireMatch(Topics.CentralTopic topic, String serial, String site) {
    if (!topic.serial().equals(serial)) {
      throw new InvalidEventException(
          "serial", "'" + serial + "' does not match the topic's serial '" + topic.serial() + "'");
    }
    if (!topic.site().equals(site)) {
      throw new InvalidEventException(
          "site", "'" + site + "' does not match the topic's site '" + topic.site() + "'");
    }
  }
}
