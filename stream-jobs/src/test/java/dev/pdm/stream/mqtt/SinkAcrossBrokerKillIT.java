package dev.pdm.stream.mqtt;

import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.pdm.testsupport.MosquittoBroker;
import dev.pdm.testsupport.MqttSessionReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mosquitto acknowledges a QoS 1 publish before it saves it, so a kill -9 right after the PUBACK
 * loses the message for a subscriber that was not connected. The sink writer publishes again what
 * it sent just before a lost connection; the offline subscriber gets it after the restart.
 */
class SinkAcrossBrokerKillIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TOPIC = "pdm/v1/incidents";

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
  void aRecordAcknowledgedJustBeforeAKillReachesAnOfflineSubscriberAfterTheRestart()
      throws Exception {
    MqttSessionReader inbox = new MqttSessionReader(broker.url(), "sink-kill-inbox");
    inbox.connect();
    inbox.subscribe(TOPIC);
    inbox.close();
    FileTime subscribed = FileTime.from(Instant.now());
    await().atMost(WAIT).until(() -> broker.lastSaved().compareTo(subscribed) > 0);

    MqttSettings settings = new MqttSettings(broker.url(), null, null, "sink-kill", 100, 3600);
    MqttSinkWriter<String> writer =
        new MqttSinkWriter<>(
            settings,
            0,
            s -> new MqttRecord(TOPIC, s.getBytes(StandardCharsets.UTF_8)),
            100,
            UnregisteredMetricsGroup.createSinkWriterMetricGroup());
    try {
      FileTime beforePublish = broker.lastSaved();
      writer.write("incident-1 v1", null);
      writer.flush(false);
      broker.kill();
      // Only a broker that did not save after the publish tests the writer (a save within the
      // milliseconds between PUBACK and kill would keep the message anyway).
      assumeThat(broker.lastSaved()).isEqualTo(beforePublish);
      broker.restart();

      // The next checkpoint's flush, once the writer is connected again, sends it again.
      await().atMost(WAIT).until(writer::isConnected);
      writer.flush(false);
    } finally {
      writer.close();
    }
    inbox.connect();
    await().atMost(WAIT).until(() -> inbox.received().contains("incident-1 v1"));
    inbox.close();
  }
}
