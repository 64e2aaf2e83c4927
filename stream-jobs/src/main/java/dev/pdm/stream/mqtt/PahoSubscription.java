package dev.pdm.stream.mqtt;

import dev.pdm.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription slot on Paho MQTT 5: client id {@code <prefix>-<slot>}, persistent session
 * (clean start off, session expiry from the settings), manual acknowledgements, shared
 * subscriptions at QoS 1, automatic reconnect with re-subscription (the broker may have lost the
 * session if it was killed before saving it).
 */
final class PahoSubscription implements SlotConnection, MqttCallback {

  private static final Logger LOG = LoggerFactory.getLogger(PahoSubscription.class);
  private static final long CONNECT_TIMEOUT_MS = 30_000;

  private final MqttSettings settings;
  private final int slot;
  private final MqttSubscription[] subscriptions;
  private final AtomicLong epoch = new AtomicLong();
  private volatile Consumer<Delivery> sink;
  private MqttAsyncClient client;

  PahoSubscription(MqttSettings settings, int slot, String sharedGroup, List<String> filters) {
    this.settings = settings;
    this.slot = slot;
    this.subscriptions =
        filters.stream()
            .map(f -> new MqttSubscription(Topics.shared(sharedGroup, f), 1))
            .toArray(MqttSubscription[]::new);
  }

  @Override
  public void open(Consumer<Delivery> deliveries) throws MqttException {
    this.sink = deliveries;
    client = new MqttAsyncClient(settings.url(), settings.clientId(slot), new MemoryPersistence());
    client.setManualAcks(true);
    client.setCallback(this);
    IMqttToken connected = client.connect(connectionOptions(settings));
    connected.waitForCompletion(CONNECT_TIMEOUT_MS);
    if (connected.getSessionPresent()) {
      // The resumed session still holds the subscriptions; the broker is already redelivering.
      return;
    }
    IMqttToken token = client.subscribe(subscriptions);
    token.waitForCompletion(CONNECT_TIMEOUT_MS);
    checkGranted(token);
  }

  static MqttConnectionOptions connectionOptions(MqttSettings settings) {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(false);
    options.setSessionExpiryInterval(settings.sessionExpirySeconds());
    options.setReceiveMaximum(settings.receiveMaximum());
    options.setAutomaticReconnect(true);
    options.setAutomaticReconnectDelay(1, 5);
    // Paho doubles its reconnect delay up to the max reconnect delay (default 128 s), not
    // the automatic-reconnect maximum, and that delay is shared by every client in the
    // JVM: without this cap a broker restart keeps clients away for minutes.
    options.setMaxReconnectDelay(5000);
    options.setKeepAliveInterval(30);
    options.setConnectionTimeout(10);
    if (settings.username() != null && !settings.username().isBlank()) {
      options.setUserName(settings.username());
    }
    if (settings.password() != null && !settings.password().isEmpty()) {
      options.setPassword(settings.password().getBytes(StandardCharsets.UTF_8));
    }
    return options;
  }

  private void checkGranted(IMqttToken token) throws MqttException {
    int[] codes = token.getReasonCodes();
    if (codes == null) {
      return;
    }
    for (int code : codes) {
      if (code >= 0x80) {
        throw new MqttException(code);
      }
    }
  }

  @Override
  public long epoch() {
    return epoch.get();
  }

  @Override
  public void ack(int messageId) throws MqttException {
    client.messageArrivedComplete(messageId, 1);
  }

  @Override
  public void close() {
    if (client == null) {
      return;
    }
    try {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(5_000);
      }
    } catch (MqttException e) {
      LOG.debug("MQTT slot {} disconnect failed", slot, e);
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      LOG.debug("MQTT slot {} close failed", slot, e);
    }
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    sink.accept(
        new Delivery(
            slot, epoch.get(), message.getId(), message.getQos(), topic, message.getPayload()));
  }

  @Override
  public void disconnected(MqttDisconnectResponse response) {
    // Ids handed out from here on belong to the next connection.
    epoch.incrementAndGet();
    LOG.warn("MQTT slot {} disconnected: {}", slot, response);
  }

  @Override
  public void mqttErrorOccurred(MqttException exception) {
    LOG.warn("MQTT slot {} error", slot, exception);
  }

  @Override
  public void deliveryComplete(IMqttToken token) {}

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {
    if (!reconnect) {
      return;
    }
    LOG.info("MQTT slot {} reconnected to {}", slot, serverUri);
    try {
      // Asynchronous: a blocking call on Paho's callback thread would deadlock it.
      client.subscribe(
          subscriptions,
          null,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {}

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              LOG.error("MQTT slot {} could not re-subscribe", slot, e);
            }
          },
          new MqttProperties());
    } catch (MqttException e) {
      LOG.error("MQTT slot {} could not re-subscribe", slot, e);
    }
  }

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}
}
