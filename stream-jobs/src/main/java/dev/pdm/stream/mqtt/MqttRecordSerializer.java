package dev.pdm.stream.mqtt;

import java.io.Serializable;

/** Turns an element into the topic and payload the sink publishes. */
@FunctionalInterface
public interface MqttRecordSerializer<T> extends Serializable {
  MqttRecord serialize(T element);
}
