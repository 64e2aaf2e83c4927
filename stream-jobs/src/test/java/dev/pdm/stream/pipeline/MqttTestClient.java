package dev.pdm.stream.pipeline;

import dev.pdm.model.codec.DeadLetter;
import dev.pdm.model.codec.EventCodec;
import dev.pdm.model.incident.Incident;
import dev.pdm.model.topic.Topics;
import dev.pdm.stream.mqtt.MqttRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The outside world of a pipeline test: publishes central messages with QoS 1 and records what the
 * job publishes (incident ids, dead letters, with a receive time for latency figures). Persistent
 * session; {@link #reconnect} after a broker restart resumes it.
 */
public final class MqttTestClient implements AutoCloseable, MqttCallback {

  private final String url;
  private final String clientId;
  private final MqttSubscription[] subscriptions =
      new MqttSubscription[] {
        new MqttSubscription(Topics.INCIDENTS, 1),
        new MqttSubscription(Topics.DEAD_LETTER_FILTER, 1)
      };
  private volatile MqttAsyncClient client;
  public final Set<String> incidentIds = ConcurrentHashMap.newKeySet();
  public final AtomicLong incidentMessages = new AtomicLong();
  public final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
  public final ConcurrentHashMap<String, Long> firstSeenNanos = new ConcurrentHashMap<>();
  public final ConcurrentHashMap<String, Incident> latestIncidents = new ConcurrentHashMap<>();

  public MqttTestClient(String url, String clientId) throws MqttException {
    this.url = url;
    this.clientId = clientId;
    open();
  }

  private void open() throws MqttException {
    client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
    client.setCallback(this);
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(false);
    options.setSessionExpiryInterval(3600L);
    options.setReceiveMaximum(65535);
    client.connect(options).waitForCompletion(10_000);
    client.subscribe(subscriptions).waitForCompletion(10_000);
  }

  /**
   * Connects again with the same client id and session, after the broker was restarted; what was
   * received so far is kept.
   */
  public void reconnect() throws MqttException {
    client.close(true);
    open();
  }

  public boolean isConnected() {
    return client.isConnected();
  }

  /** Publishes all with QoS 1 and returns once the broker has acknowledged each. */
  public void publish(List<MqttRecord> records) throws MqttException {
    List<IMqttToken> tokens = new ArrayList<>();
    for (MqttRecord r : records) {
      MqttMessage m = new MqttMessage(r.payload());
      m.setQos(1);
      tokens.add(client.publish(r.topic(), m));
      if (tokens.size() >= 500) {
        for (IMqttToken t : tokens) {
          t.waitForCompletion(30_000);
        }
        tokens.clear();
      }
    }
    for (IMqttToken t : tokens) {
      t.waitForCompletion(30_000);
    }
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    if (topic.equals(Topics.INCIDENTS)) {
      Incident incident = EventCodec.decodeIncident(message.getPayload());
      String id = incident.incidentId();
      latestIncidents.merge(id, incident, (a, b) -> b.version() >= a.version() ? b : a);
      incidentMessages.incrementAndGet();
      if (incidentIds.add(id)) {
        firstSeenNanos.put(id, System.nanoTime());
      }
    } else {
      try {
        deadLetters.add(EventCodec.mapper().readValue(message.getPayload(), DeadLetter.class));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {}

  @Override
  public void disconnected(MqttDisconnectResponse response) {}

  @Override
  public void mqttErrorOccurred(MqttException exception) {}

  @Override
  public void deliveryComplete(IMqttToken token) {}

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect().waitForCompletion(5_000);
    }
    client.close(true);
  }
}
