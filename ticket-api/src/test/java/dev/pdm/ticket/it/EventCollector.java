package dev.pdm.ticket.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/**
 * A consumer of ticket events: a persistent QoS 1 session that reconnects by itself, so it keeps
 * its subscription across a broker restart, and records every delivery (repeats included).
 */
final class EventCollector implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final MqttClient client;
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();

  EventCollector(String url, String topic) throws MqttException {
    client = new MqttClient(url, "collector-" + UUID.randomUUID(), new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(false);
    options.setSessionExpiryInterval(600L);
    options.setAutomaticReconnect(true);
    options.setAutomaticReconnectDelay(1, 2);
    options.setMaxReconnectDelay(2000);
    client.connect(options);
    IMqttMessageListener listener =
        (t, m) -> {
          try {
            received.add(JSON.readTree(m.getPayload()));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
    client.subscribe(
        new MqttSubscription[] {new MqttSubscription(topic, 1)},
        new IMqttMessageListener[] {listener});
  }

  List<JsonNode> received() {
    return received;
  }

  boolean isConnected() {
    return client.isConnected();
  }

  /** How often an event with this id arrived. */
  long count(String eventId) {
    return received.stream().filter(e -> eventId.equals(e.path("eventId").asText())).count();
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close();
  }
}
