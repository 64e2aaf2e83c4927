package dev.pdm.stream.pipeline;

import dev.pdm.stream.mqtt.MqttRecord;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * One publishing connection of a benchmark, like one site's gateway uplink: QoS 1, a sliding window
 * of unacknowledged publishes, optionally paced to a rate. Records the send time of each message
 * (by index) so that the benchmark can compute publish-to-incident latency.
 */
final class BenchPublisher implements Runnable {

  private static final int WINDOW = 2_000;

  private final String url;
  private final String clientId;
  private final List<MqttRecord> records;
  private final double perSecond;
  final long[] sentAtNanos;
  volatile long finishedNanos;
  volatile Throwable failure;

  /**
   * @param perSecond messages per second this connection publishes, or 0 for as fast as the broker
   *     acknowledges
   */
  BenchPublisher(String url, String clientId, List<MqttRecord> records, double perSecond) {
    this.url = url;
    this.clientId = clientId;
    this.records = records;
    this.perSecond = perSecond;
    this.sentAtNanos = new long[records.size()];
  }

  @Override
  public void run() {
    MqttAsyncClient client = null;
    try {
      client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setCleanStart(true);
      options.setReceiveMaximum(65535);
      client.connect(options).waitForCompletion(10_000);
      ArrayDeque<IMqttToken> window = new ArrayDeque<>();
      long start = System.nanoTime();
      long interval = perSecond > 0 ? (long) (1e9 / perSecond) : 0;
      for (int i = 0; i < records.size(); i++) {
        if (interval > 0) {
          long due = start + i * interval;
          long wait;
          while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
          }
        }
        while (window.size() >= WINDOW) {
          window.removeFirst().waitForCompletion(30_000);
        }
        MqttRecord r = records.get(i);
        MqttMessage m = new MqttMessage(r.payload());
        m.setQos(1);
        sentAtNanos[i] = System.nanoTime();
        window.addLast(publish(client, r.topic(), m));
      }
      while (!window.isEmpty()) {
        window.removeFirst().waitForCompletion(30_000);
      }
      finishedNanos = System.nanoTime();
      client.disconnect().waitForCompletion(5_000);
    } catch (Throwable t) {
      failure = t;
    } finally {
      if (client != null) {
        try {
          client.close(true);
        } catch (MqttException e) {
          // nothing left to release
        }
      }
    }
  }

  /** Paho refuses a publish beyond the broker's in-flight window; wait for room instead. */
  private static IMqttToken publish(MqttAsyncClient client, String topic, MqttMessage m)
      throws MqttException {
    while (true) {
      try {
        return client.publish(topic, m);
      } catch (MqttException e) {
        if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
          throw e;
        }
        LockSupport.parkNanos(100_000);
      }
    }
  }
}
