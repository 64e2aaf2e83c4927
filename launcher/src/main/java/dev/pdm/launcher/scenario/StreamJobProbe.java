package dev.pdm.launcher.scenario;

import dev.pdm.model.topic.Topics;
import dev.pdm.stream.job.DecodeCentralMessages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Proves the stream job reads the central broker before the fleet starts: publishes a malformed
 * alarm on a central topic until the job's dead-letter topic carries the rejection. A malformed
 * message is the one probe that cannot turn into an incident or a ticket.
 */
final class StreamJobProbe {

  static final String PROBE_TOPIC = "pdm/v1/probe-site/PROBE-0000/alarm";

  private StreamJobProbe() {}

  static void awaitConsuming(String brokerUrl, Duration timeout) throws Exception {
    CountDownLatch rejected = new CountDownLatch(1);
    MqttClient client =
        new MqttClient(
            brokerUrl, "pdm-probe-" + ProcessHandle.current().pid(), new MemoryPersistence());
    try {
      client.setCallback(
          new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
              if (new String(message.getPayload(), StandardCharsets.UTF_8).contains("probe")) {
                rejected.countDown();
              }
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {}

            @Override
            public void mqttErrorOccurred(MqttException exception) {}

            @Override
            public void deliveryComplete(IMqttToken token) {}

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {}

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {}
          });
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setCleanStart(true);
      client.connect(options);
      client.subscribe(Topics.deadLetter(DecodeCentralMessages.SOURCE_NAME), 1);
      long deadline = System.nanoTime() + timeout.toNanos();
      byte[] probe = "{\"probe\":\"is the stream job reading?\"}".getBytes(StandardCharsets.UTF_8);
      while (!rejected.await(2, TimeUnit.SECONDS)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the stream job did not read the central broker within " + timeout);
        }
        client.publish(PROBE_TOPIC, probe, 1, false);
      }
    } finally {
      if (client.isConnected()) {
        client.disconnect();
      }
      client.close();
    }
  }
}
