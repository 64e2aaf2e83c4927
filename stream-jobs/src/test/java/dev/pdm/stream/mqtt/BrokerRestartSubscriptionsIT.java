package dev.pdm.stream.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pdm.model.topic.Topics;
import dev.pdm.testsupport.MosquittoBroker;
import dev.pdm.testsupport.MqttSessionReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the project's Mosquitto (2.0, {@code config/mosquitto/mosquitto.conf}) keeps of a persistent
 * session across a kill -9: the session itself and its plain subscriptions, but not its shared
 * subscriptions. A message published after the restart and before the reader is back is queued for
 * a plain subscriber and dropped for a shared one, because the shared group has no members until
 * someone subscribes again. The readers' subscription modes follow from this; if a broker upgrade
 * starts restoring shared subscriptions, this test says so.
 */
class BrokerRestartSubscriptionsIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String FILTER = Topics.CENTRAL_ALARMS_FILTER;
  private static final String FENCE = "fence/restart-it";
  private static final int MESSAGES = 50;

  private MosquittoBroker broker;

  @BeforeEach
  void start() {
    broker = MosquittoBroker.start();
  }

  @AfterEach
  void stop() {
    broker.close();
  }

  @Test
  void aKilledBrokerRestoresPlainSubscriptionsButDropsSharedOnes() throws Exception {
    MqttSessionReader plain = new MqttSessionReader(broker.url(), "restart-plain");
    MqttSessionReader shared = new MqttSessionReader(broker.url(), "restart-shared");
    plain.connect();
    plain.subscribe(FILTER);
    shared.connect();
    shared.subscribe(Topics.shared("restart", FILTER));
    // Both subscriptions work before the crash.
    publish("before", 1);
    await().atMost(WAIT).until(() -> plain.received().size() == 1 && shared.received().size() == 1);

    // Kill only after the broker saved the sessions with their subscriptions.
    FileTime subscribed = FileTime.from(Instant.now());
    await().atMost(WAIT).until(() -> broker.lastSaved().compareTo(subscribed) > 0);
    broker.kill();
    broker.restart();
    // The readers are still away: their connections died with the broker.
    await().atMost(WAIT).until(() -> !plain.isConnected() && !shared.isConnected());
    publish("while-away", MESSAGES);

    plain.reconnect();
    shared.reconnect();
    assertThat(plain.sessionPresent()).as("plain reader's session restored").isTrue();
    assertThat(shared.sessionPresent()).as("shared reader's session restored").isTrue();
    // Anything queued for a session is sent right after the connection is accepted, before a
    // message published later: once the fence arrives, the queue has been delivered.
    shared.subscribe(FENCE);
    plain.subscribe(FENCE);
    publishTo(FENCE, "fence");
    await().atMost(WAIT).until(() -> shared.received().contains("fence"));
    await().atMost(WAIT).until(() -> plain.received().contains("fence"));

    assertThat(plain.received()).as("plain").containsAll(ids("while-away", MESSAGES));
    assertThat(shared.received())
        .as("shared")
        .doesNotContainAnyElementsOf(ids("while-away", MESSAGES));

    // Subscribing again is what brings the shared reader back; nothing before it comes back.
    shared.subscribe(Topics.shared("restart", FILTER));
    publish("after", 1);
    await().atMost(WAIT).until(() -> shared.received().contains("after-0"));
    plain.close();
    shared.close();
  }

  private void publish(String prefix, int count) throws MqttException {
    for (String id : ids(prefix, count)) {
      publishTo(Topics.central("SITE-IT", "INV-0001", Topics.Kind.ALARM), id);
    }
  }

  private void publishTo(String topic, String payload) throws MqttException {
    MqttAsyncClient publisher =
        new MqttAsyncClient(broker.url(), "restart-publisher", new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    publisher.connect(options).waitForCompletion(10_000);
    MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
    message.setQos(1);
    publisher.publish(topic, message).waitForCompletion(10_000);
    publisher.disconnect().waitForCompletion(10_000);
    publisher.close(true);
  }

  private static List<String> ids(String prefix, int count) {
    return java.util.stream.IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
  }
}
