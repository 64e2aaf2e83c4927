package dev.pdm.launcher.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pdm.launcher.Ports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker must give what the pipeline relies on: QoS 1, sessions, shared groups. */
class EmbeddedBrokerIT {

  @TempDir Path dir;

  static MqttClient connect(String url, String clientId, boolean cleanStart) throws Exception {
    MqttClient client = new MqttClient(url, clientId, new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(cleanStart);
    options.setSessionExpiryInterval(3600L);
    client.connect(options);
    return client;
  }

  /**
   * Publishes at QoS 1, waiting for room when the client's in-flight window (the broker's receive
   * maximum) is full.
   */
  static void publish(MqttClient client, String topic, String text) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> publishedOrBusy(client, topic, text));
  }

  /** Publishes, or answers false when the client's in-flight window is full. */
  static boolean publishedOrBusy(MqttClient client, String topic, String text) throws Exception {
    try {
      MqttMessage message = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
      message.setQos(1);
      client.publish(topic, message);
      return true;
    } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
      if (e.getReasonCode()
          == org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT) {
        return false;
      }
      throw e;
    }
  }

  @Test
  void publishedMessageReachesASubscriber() throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start("t", dir, Ports.preferOrFree(0))) {
      List<String> received = new CopyOnWriteArrayList<>();
      MqttClient sub = connect(broker.url(), "sub", true);
      sub.subscribe(
          new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
            new org.eclipse.paho.mqttv5.common.MqttSubscription("pdm/v1/+/+/alarm", 1)
          },
          new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
            (topic, msg) -> received.add(topic + "=" + new String(msg.getPayload()))
          });
      MqttClient pub = connect(broker.url(), "pub", true);
      publish(pub, "pdm/v1/site-1/INV-1/alarm", "hello");
      await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 1);
      assertThat(received).containsExactly("pdm/v1/site-1/INV-1/alarm=hello");
      pub.disconnect();
      sub.disconnect();
    }
  }

  @Test
  void persistentSessionReceivesWhatArrivedWhileOffline() throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start("t", dir, Ports.preferOrFree(0))) {
      MqttClient sub = connect(broker.url(), "durable", true);
      sub.subscribe("pdm/v1/incidents", 1);
      sub.disconnect();
      sub.close();

      MqttClient pub = connect(broker.url(), "pub", true);
      for (int i = 0; i < 50; i++) {
        publish(pub, "pdm/v1/incidents", "incident-" + i);
      }
      pub.disconnect();

      List<String> received = new CopyOnWriteArrayList<>();
      MqttClient again = new MqttClient(broker.url(), "durable", new MemoryPersistence());
      again.setCallback(new Collector(received));
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setCleanStart(false);
      options.setSessionExpiryInterval(3600L);
      again.connect(options);
      await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 50);
      assertThat(received).startsWith("incident-0").endsWith("incident-49");
      again.disconnect();
    }
  }

  @Test
  void sharedSubscriptionDeliversEachMessageToExactlyOneReaderOfTheGroup() throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start("t", dir, Ports.preferOrFree(0))) {
      List<String> first = new CopyOnWriteArrayList<>();
      List<String> second = new CopyOnWriteArrayList<>();
      // Paho routes shared-subscription deliveries to the client callback, not to a listener
      // registered for the $share filter, so readers use a callback.
      MqttClient a = new MqttClient(broker.url(), "reader-0", new MemoryPersistence());
      a.setCallback(new Collector(first));
      a.connect();
      a.subscribe("$share/job/pdm/v1/+/+/alarm", 1);
      MqttClient b = new MqttClient(broker.url(), "reader-1", new MemoryPersistence());
      b.setCallback(new Collector(second));
      b.connect();
      b.subscribe("$share/job/pdm/v1/+/+/alarm", 1);
      MqttClient pub = connect(broker.url(), "pub", true);
      for (int i = 0; i < 100; i++) {
        publish(pub, "pdm/v1/site-1/S" + i + "/alarm", "m" + i);
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> first.size() + second.size() == 100);
      List<String> all = new java.util.ArrayList<>(first);
      all.addAll(second);
      assertThat(all).doesNotHaveDuplicates().hasSize(100);
      pub.disconnect();
      a.disconnect();
      b.disconnect();
    }
  }

  @Test
  void queuedMessagesSurviveABrokerRestart() throws Exception {
    int port = Ports.preferOrFree(0);
    try (EmbeddedBroker broker = EmbeddedBroker.start("t", dir, port)) {
      MqttClient sub = connect(broker.url(), "durable", true);
      sub.subscribe("pdm/v1/incidents", 1);
      sub.disconnect();
      sub.close();
      MqttClient pub = connect(broker.url(), "pub", true);
      for (int i = 0; i < 20; i++) {
        publish(pub, "pdm/v1/incidents", "incident-" + i);
      }
      pub.disconnect();
    }
    try (EmbeddedBroker broker = EmbeddedBroker.start("t", dir, port)) {
      List<String> received = new CopyOnWriteArrayList<>();
      MqttClient again = new MqttClient(broker.url(), "durable", new MemoryPersistence());
      again.setCallback(new Collector(received));
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setCleanStart(false);
      options.setSessionExpiryInterval(3600L);
      again.connect(options);
      await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 20);
      again.disconnect();
    }
  }

  @Test
  void aReaderThatHoldsItsAcknowledgementsIsSentUpToItsReceiveMaximumAtOnce() throws Exception {
    // The stream job's source acknowledges only at checkpoints: what is queued for its shared
    // group must come in one go up to the reader's receive maximum, not in broker-sized sips.
    try (EmbeddedBroker broker = EmbeddedBroker.start("t", dir, Ports.preferOrFree(0))) {
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setCleanStart(false);
      options.setSessionExpiryInterval(3600L);
      options.setReceiveMaximum(1_000);
      MqttClient reader =
          new MqttClient(broker.url(), "checkpointing-reader", new MemoryPersistence());
      reader.connect(options);
      reader.subscribe("$share/job/pdm/v1/+/+/telemetry", 1);
      reader.disconnect();
      reader.close();

      MqttClient pub = connect(broker.url(), "pub", true);
      for (int i = 0; i < 500; i++) {
        publish(pub, "pdm/v1/site-1/S" + i + "/telemetry", "m" + i);
      }
      pub.disconnect();

      List<String> received = new CopyOnWriteArrayList<>();
      MqttClient again =
          new MqttClient(broker.url(), "checkpointing-reader", new MemoryPersistence());
      again.setCallback(new Collector(received));
      again.setManualAcks(true);
      again.connect(options);
      await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 500);
      assertThat(received).doesNotHaveDuplicates();
      again.disconnect();
    }
  }

  /** Collects payloads delivered to a session without a per-subscription listener. */
  record Collector(java.util.Collection<String> received)
      implements org.eclipse.paho.mqttv5.client.MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) {
      received.add(new String(message.getPayload(), StandardCharsets.UTF_8));
    }

    @Override
    public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse response) {}

    @Override
    public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {}

    @Override
    public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {}

    @Override
    public void authPacketArrived(
        int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties properties) {}
  }
}
