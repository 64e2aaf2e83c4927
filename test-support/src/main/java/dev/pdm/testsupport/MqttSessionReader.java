package dev.pdm.testsupport;

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
public final class MqttSessionReader implements MqttCallback {

  private final Set<String> received = ConcurrentHashMap.newKeySet();
  private volatile boolean sessionPresent;
  private final String url;
  private final String clientId;
  private MqttAsyncClient client;

  public MqttSessionReader(String url, String clientId) {
    this.url = url;
    this.clientId = clientId;
  }

  public void connect() throws MqttException {
    client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
    client.setCallback(this);
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(false);
    options.setSessionExpiryInterval(3600L);
    IMqttToken token = client.connect(options);
    token.waitForCompletion(10_000);
    sessionPresent = token.getSessionPresent();
  }

  /** Payloads received so far, as text. */
  public Set<String> received() {
    return received;
  }

  /** Whether the broker still had this reader's session at the last connect. */
  public boolean sessionPresent() {
    return sessionPresent;
  }

  /** A new connection after the old one died with the broker. */
  public void reconnect() throws MqttException {
    client.close(true);
    connect();
  }

  public void subscribe(String filter) throws MqttException {
    IMqttToken token = client.subscribe(filter, 1);
    token.waitForCompletion(10_000);
    if (Arrays.stream(token.getReasonCodes()).anyMatch(code -> code >= 0x80)) {
      throw new IllegalStateException(
          "subscription to " + filter + " refused: " + Arrays.toString(token.getReasonCodes()));
    }
  }

  public boolean isConnected() {
    return client.isConnected();
  }

  /** Leaves cleanly; the session stays on the broker and queues what arrives meanwhile. */
  public void close() throws MqttException {
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
