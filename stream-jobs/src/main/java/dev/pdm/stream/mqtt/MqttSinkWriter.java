package dev.pdm.stream.mqtt;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.eclipse.paho.mqttv5.client.DisconnectedBufferOptions;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * QoS 1 publisher of one sink subtask. Publishes are asynchronous; their tokens queue up in order
 * and {@link #flush} waits for all of them. While the broker is away Paho buffers publishes and
 * reconnects. A broker that lost its store (killed before saving) comes back without the session,
 * and then Paho drops its unconfirmed publishes without completing them: the writer keeps every
 * record until its PUBACK and publishes again whatever was sent on an earlier connection. A publish
 * that stays unconfirmed past the timeout fails the task, and Flink replays from the last
 * checkpoint, which is what makes this at-least-once rather than best effort.
 *
 * <p>A PUBACK is not proof that the message survives the broker: Mosquitto acknowledges before it
 * saves (every {@code autosave_interval}), so a kill -9 loses what it acknowledged in its last
 * moments, also what it queued for a subscriber that was offline or behind. After a lost connection
 * the writer therefore publishes again every record it sent within {@link #RESEND_WINDOW_MS} before
 * the loss, confirmed or not. Downstream takes records idempotently (an incident version, a batch
 * signal version), so a copy costs nothing.
 */
final class MqttSinkWriter<T> implements SinkWriter<T> {

  private static final long CONNECT_TIMEOUT_MS = 30_000;
  static final long CONFIRM_TIMEOUT_MS = 120_000;
  private static final long RETRY_PAUSE_MS = 100;
  private static final long WAIT_SLICE_MS = 1_000;

  /** Records sent this long before a lost connection are sent again: several autosave intervals. */
  static final long RESEND_WINDOW_MS = 5_000;

  private final MqttRecordSerializer<T> serializer;
  private final int maxInFlight;
  private final MqttAsyncClient client;
  private final Deque<Outstanding> outstanding = new ArrayDeque<>();
  private final AtomicLong epoch = new AtomicLong();
  private final Deque<Sent> recent = new ArrayDeque<>();
  private volatile long lostAt;
  private long recentEpoch;
  private final Counter published;
  private final Counter republished;

  /** A record not yet confirmed, with the connection epoch it was last sent on. */
  private record Outstanding(MqttRecord record, IMqttToken token, long epoch) {}

  /** A record sent, with when: kept for {@link #RESEND_WINDOW_MS}. */
  private record Sent(MqttRecord record, long at) {}

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
    this.republished = metrics.counter("republished");
    try {
      client =
          new MqttAsyncClient(settings.url(), settings.clientId(subtask), new MemoryPersistence());
      DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
      buffer.setBufferEnabled(true);
      buffer.setBufferSize(maxInFlight);
      buffer.setDeleteOldestMessages(false);
      buffer.setPersistBuffer(false);
      client.setBufferOpts(buffer);
      client.setCallback(new EpochTracker());
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
    resendRecentAfterALostConnection();
    while (outstanding.size() >= maxInFlight) {
      awaitOldest();
    }
    outstanding.addLast(send(record));
    remember(record);
    published.inc();
  }

  private void remember(MqttRecord record) {
    long now = System.currentTimeMillis();
    recent.addLast(new Sent(record, now));
    while (!recent.isEmpty() && recent.peekFirst().at() < now - RESEND_WINDOW_MS) {
      recent.removeFirst();
    }
  }

  /**
   * Once connected again after a lost connection, publishes again what was sent within the resend
   * window before the loss (records still awaiting their PUBACK are resent by {@link
   * #awaitOldest}).
   */
  private void resendRecentAfterALostConnection() throws IOException, InterruptedException {
    long current = epoch.get();
    if (current == recentEpoch || !client.isConnected()) {
      return;
    }
    recentEpoch = current;
    long from = lostAt - RESEND_WINDOW_MS;
    List<MqttRecord> again = new ArrayList<>();
    for (Sent sent : recent) {
      if (sent.at() >= from && sent.at() <= lostAt && !isOutstanding(sent.record())) {
        again.add(sent.record());
      }
    }
    for (MqttRecord record : again) {
      while (outstanding.size() >= maxInFlight) {
        awaitOldest();
      }
      outstanding.addLast(send(record));
      republished.inc();
    }
  }

  /** Whether the writer's connection is up (tests wait for the reconnect). */
  boolean isConnected() {
    return client.isConnected();
  }

  private boolean isOutstanding(MqttRecord record) {
    for (Outstanding o : outstanding) {
      if (o.record() == record) {
        return true;
      }
    }
    return false;
  }

  private Outstanding send(MqttRecord record) throws IOException, InterruptedException {
    MqttMessage message = new MqttMessage(record.payload());
    message.setQos(1);
    long deadline = System.currentTimeMillis() + CONFIRM_TIMEOUT_MS;
    while (true) {
      long sentOn = epoch.get();
      try {
        return new Outstanding(record, client.publish(record.topic(), message), sentOn);
      } catch (MqttException e) {
        // Not connected yet, buffer full or broker window full: wait and retry, never drop.
        if (!isTransient(e) || System.currentTimeMillis() > deadline) {
          throw new IOException("MQTT publish to " + record.topic() + " failed", e);
        }
        Thread.sleep(RETRY_PAUSE_MS);
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

  /** Waits for the oldest record's PUBACK, publishing it again if its connection was lost. */
  private void awaitOldest() throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + CONFIRM_TIMEOUT_MS;
    while (true) {
      Outstanding oldest = outstanding.peekFirst();
      try {
        oldest.token().waitForCompletion(WAIT_SLICE_MS);
      } catch (MqttException e) {
        if (e.getReasonCode() != MqttClientException.REASON_CODE_CLIENT_TIMEOUT) {
          resend(oldest);
          continue;
        }
      }
      if (oldest.token().isComplete() && oldest.token().getException() == null) {
        outstanding.removeFirst();
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IOException("MQTT publish not confirmed within " + CONFIRM_TIMEOUT_MS + " ms");
      }
      if (oldest.epoch() != epoch.get() && client.isConnected()) {
        resend(oldest);
      }
    }
  }

  private void resend(Outstanding lost) throws IOException, InterruptedException {
    outstanding.removeFirst();
    outstanding.addFirst(send(lost.record()));
    republished.inc();
  }

  @Override
  public void flush(boolean endOfInput) throws IOException, InterruptedException {
    resendRecentAfterALostConnection();
    while (!outstanding.isEmpty()) {
      awaitOldest();
    }
  }

  /** Counts connections, so that a record sent on an earlier one is recognised. */
  private final class EpochTracker implements MqttCallback {
    @Override
    public void disconnected(MqttDisconnectResponse response) {
      lostAt = System.currentTimeMillis();
      epoch.incrementAndGet();
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {}

    @Override
    public void messageArrived(String topic, MqttMessage message) {}

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
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
