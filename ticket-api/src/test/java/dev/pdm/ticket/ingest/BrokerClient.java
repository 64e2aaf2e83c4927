package dev.pdm.ticket.ingest;

import dev.pdm.model.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/** The stream job's side of the broker in tests: publishes at QoS 1 and collects a topic. */
final class BrokerClient implements AutoCloseable {

  private final MqttClient client;
  private final List<String> received = new CopyOnWriteArrayList<>();

  BrokerClient(String url) throws MqttException {
    client = new MqttClient(url, "test-" + UUID.randomUUID(), new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    client.connect(options);
  }

  void publish(String topic, Object event) throws MqttException {
    publishRaw(topic, EventCodec.encode(event));
  }

  void publishRaw(String topic, byte[] payload) throws MqttException {
    MqttMessage m = new MqttMessage(payload);
    m.setQos(1);
    client.publish(topic, m);
  }

  void collect(String topic) throws MqttException {
    client.subscribe(
        new MqttSubscription[] {new MqttSubscription(topic, 1)},
        new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
          (t, m) -> received.add(new String(m.getPayload(), StandardCharsets.UTF_8))
        });
  }

  List<String> received() {
    return received;
  }

  @Override
  public void close() throws MqttException {
    client.disconnect();
    client.close();
  }
}
