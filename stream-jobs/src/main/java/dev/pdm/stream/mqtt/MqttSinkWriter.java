package dev.pdm.stream.mqtt;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.eclipse.paho.mqttv5.client.DisconnectedBufferOptions;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * QoS 1 publisher of one sink subtask. Publishes are asynchronous; their tokens queue up in order
 * and {@link #flush} waits for all of them. While the broker is away Paho buffers publishes and
 * reconnects; a publish that stays unconfirmed past the timeout fails the task, and Flink replays
 * from the last checkpoint, which is what makes this at-least-once rather than best effort.
 */
final class MqttSinkWriter<T> implements SinkWriter<T> {

  private static final long CONNECT_TIMEOUT_MS = 30_000;
  static final long CONFIRM_TIMEOUT_MS = 120_000;
  private static final long RETRY_PAUSE_MS = 100;

  private final MqttRecordSerializer<T> serializer;
  private final int maxInFlight;
  private final MqttAsyncClient client;
  private final Deque<IMqttToken> outstanding = new ArrayDeque<>();
  private final Counter published;

  MqttSinkWriter(
      MqttSettings settings,
      int subtask,
      MqttRecordSerializer<T> serializer,
      int maxInFlight,
      SinkWriterMetricGroup metrics)
      throws IOException {
    this.serializer = serializer;
    this.maxInFlight = maxInFlight;
    this.published = metrics.getNumRecordsSendCounter();
    try {
      client =
          new MqttAsyncClient(settings.url(), settings.clientId(subtask), new MemoryPersistence());
      DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
      buffer.setBufferEnabled(true);
      buffer.setBufferSize(maxInFlight);
      buffer.setDeleteOldestMessages(false);
      buffer.setPersistBuffer(false);
      client.setBufferOpts(buffer);
      client
          .connect(PahoSubscription.connectionOptions(settings))
          .waitForCompletion(CONNECT_TIMEOUT_MS);
    } catch (MqttException e) {
      throw new IOException("cannot connect MQTT sink to " + settings.url(), e);
    }
  }

  @Override
  public void write(T element, Context context) throws IOException, InterruptedException {
    MqttRecord record = serializer.serialize(element);
    while (outstanding.size() >= maxInFlight) {
      awaitOldest();
    }
    MqttMessage message = new MqttMessage(record.payload());
    message.setQos(1);
    long deadline = System.currentTimeMillis() + CONFIRM_TIMEOUT_MS;
    while (true) {
      try {
        outstanding.addLast(client.publish(record.topic(), message));
        published.inc();
        return;
      } catch (MqttException e) {
        // Not connected yet, buffer full or broker window full: wait and retry, never drop.
        if (!isTransient(e) || System.currentTimeMillis() > deadline) {
          throw new IOException("MQTT publish to " + record.topic() + " failed", e);
        }
        if (!outstanding.isEmpty()) {
          awaitOldest();
        } else {
          Thread.sleep(RETRY_PAUSE_MS);
        }
      }
    }
  }

  private static boolean isTransient(MqttException e) {
    int code = e.getReasonCode();
    return code == MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED
        || code == MqttClientException.REASON_CODE_DISCONNECTED_BUFFER_FULL
        || code == MqttClientException.REASON_CODE_MAX_INFLIGHT
        || code == MqttClientException.REASON_CODE_CONNECTION_LOST
        || code == MqttClientException.REASON_CODE_CONNECT_IN_PROGRESS;
  }

  private void awaitOldest() throws IOException {
    IMqttToken token = outstanding.peekFirst();
    try {
      token.waitForCompletion(CONFIRM_TIMEOUT_MS);
    } catch (MqttException e) {
      throw new IOException("MQTT publish was not confirmed", e);
    }
    if (!token.isComplete()) {
      throw new IOException("MQTT publish not confirmed within " + CONFIRM_TIMEOUT_MS + " ms");
    }
    outstanding.removeFirst();
  }

  @Override
  public void flush(boolean endOfInput) throws IOException {
    while (!outstanding.isEmpty()) {
      awaitOldest();
    }
  }

  @Override
  public void close() throws Exception {
    try {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(5_000);
      }
    } finally {
      client.close(true);
    }
  }
}
