package dev.pdm.stream.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A persistent-session reader for broker-restart tests: records payloads as text, says whether the
 * broker restored its session; no automatic reconnect, so a test decides when it is back.
 */
final class SessionReader implements MqttCallback {

  final Set<String> received = ConcurrentHashMap.newKeySet();
  volatile boolean sessionPresent;
  private final String url;
  private final String clientId;
  private MqttAsyncClient client;

  SessionReader(String url, String clientId) {
    this.url = url;
    this.clientId = clientId;
  }

  void connect() throws MqttException {
    client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
    client.setCallback(this);
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(false);
    options.setSessionExpiryInterval(3600L);
    IMqttToken token = client.connect(options);
    token.waitForCompletion(10_000);
    sessionPresent = token.getSessionPresent();
  }

  /** A new connection after the old one died with the broker. */
  void reconnect() throws MqttException {
    client.close(true);
    connect();
  }

  void subscribe(String filter) throws MqttException {
    IMqttToken token = client.subscribe(filter, 1);
    token.waitForCompletion(10_000);
    assertThat(Arrays.stream(token.getReasonCodes()).allMatch(code -> code < 0x80))
        .as("granted")
        .isTrue();
  }

  boolean isConnected() {
    return client.isConnected();
  }

  /** Leaves cleanly; the session stays on the broker and queues what arrives meanwhile. */
  void close() throws MqttException {
    client.disconnect().waitForCompletion(10_000);
    client.close(true);
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    received.add(new String(message.getPayload(), StandardCharsets.UTF_8));
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
}
