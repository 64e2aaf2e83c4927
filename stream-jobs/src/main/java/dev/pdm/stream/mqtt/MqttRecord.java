package dev.pdm.stream.mqtt;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One MQTT message as the source emits it and the sink publishes it: the topic and the raw payload.
 * Decoding is a separate, testable step so that a bad payload never fails the source.
 */
public record MqttRecord(String topic, byte[] payload) implements Serializable {

  @Override
  public boolean equals(Object o) {
    return o instanceof MqttRecord other
        && topic.equals(other.topic)
        && Arrays.equals(payload, other.payload);
  }

  @Override
  public int hashCode() {
    return 31 * topic.hashCode() + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "MqttRecord[" + topic + ", " + payload.length + " bytes]";
  }
}
