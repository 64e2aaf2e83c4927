package dev.pdm.stream.mqtt;

import dev.pdm.model.codec.EventCodec;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Publishes elements with QoS 1. At least once: the writer's {@code flush}, which Flink calls
 * before every checkpoint barrier passes, waits for every outstanding PUBACK, so a completed
 * checkpoint never covers an unconfirmed publish.
 */
public final class MqttSink<T> implements Sink<T> {

  private static final long serialVersionUID = 1L;

  /** Outstanding publishes per writer before {@code write} waits (backpressure). */
  public static final int DEFAULT_MAX_IN_FLIGHT = 1000;

  private final MqttSettings settings;
  private final MqttRecordSerializer<T> serializer;
  private final int maxInFlight;

  public MqttSink(MqttSettings settings, MqttRecordSerializer<T> serializer) {
    this(settings, serializer, DEFAULT_MAX_IN_FLIGHT);
  }

  public MqttSink(MqttSettings settings, MqttRecordSerializer<T> serializer, int maxInFlight) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.serializer = Objects.requireNonNull(serializer, "serializer");
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1");
    }
    this.maxInFlight = maxInFlight;
  }

  /** Sink of records encoded as canonical JSON by {@link EventCodec}, all to one topic. */
  public static <T> MqttSink<T> json(MqttSettings settings, String topic) {
    return new MqttSink<>(settings, e -> new MqttRecord(topic, EventCodec.encode(e)));
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws java.io.IOException {
    return new MqttSinkWriter<>(
        settings,
        context.getTaskInfo().getIndexOfThisSubtask(),
        serializer,
        maxInFlight,
        context.metricGroup());
  }
}
