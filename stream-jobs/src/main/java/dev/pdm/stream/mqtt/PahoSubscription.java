package dev.pdm.stream.mqtt;

import java.nio.charset.StandardCharsets;
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
 * (clean start off, session expiry from the settings), manual acknowledgements, the subscriptions
 * of its {@link SubscriptionPlan} at QoS 1, automatic reconnect with re-subscription.
 *
 * <p>Every connection subscribes again, also when the broker reports the session as present: a
 * restarted broker may bring a session back without some of its subscriptions (Mosquitto 2.0 keeps
 * plain ones and drops shared ones), and a session that exists but subscribes to nothing would keep
 * the reader silent for good. Subscribing to a filter the session already has only replaces it.
 */
final class PahoSubscription implements SlotConnection, MqttCallback {

  private static final Logger LOG = LoggerFactory.getLogger(PahoSubscription.class);
  private static final long CONNECT_TIMEOUT_MS = 30_000;

  private final MqttSettings settings;
  private final int slot;
  private final MqttSubscription[] subscriptions;
  private final String[] obsolete;
  private final SubscriptionPlan plan;
  private final AtomicLong epoch = new AtomicLong();
  private volatile Consumer<Delivery> sink;
  private MqttAsyncClient client;

  PahoSubscription(MqttSettings settings, int slot, SubscriptionPlan plan) {
    this.settings = settings;
    this.slot = slot;
    this.plan = plan;
    this.subscriptions =
        plan.subscribe().stream()
            .map(PahoSubscription::subscription)
            .toArray(MqttSubscription[]::new);
    this.obsolete = plan.unsubscribe().toArray(String[]::new);
  }

  private static MqttSubscription subscription(String filter) {
    MqttSubscription s = new MqttSubscription(filter, 1);
    // A subscription replaced on every connection must not resend retained messages each time.
    s.setRetainHandling(1);
    return s;
  }

  @Override
  public void open(Consumer<Delivery> deliveries) throws MqttException {
    this.sink = deliveries;
    client = new MqttAsyncClient(settings.url(), settings.clientId(slot), new MemoryPersistence());
    client.setManualAcks(true);
    client.setCallback(this);
    IMqttToken connected = client.connect(connectionOptions(settings));
    connected.waitForCompletion(CONNECT_TIMEOUT_MS);
    LOG.info(
        "MQTT slot {} connected (session present: {}), subscribing to {}, removing {}",
        slot,
        connected.getSessionPresent(),
        plan.subscribe(),
        plan.unsubscribe());
    if (connected.getSessionPresent()) {
      // The broker is redelivering the session's backlog already. Waiting here for the SUBACK
      // behind a backlog that fills the reader's queue would block the thread that drains it.
      subscribeAsync(true);
      return;
    }
    if (subscriptions.length > 0) {
      IMqttToken token = client.subscribe(subscriptions);
      token.waitForCompletion(CONNECT_TIMEOUT_MS);
      checkGranted(token);
    }
    if (obsolete.length > 0) {
      // "No subscription existed" is the usual answer and is not an error code.
      IMqttToken token = client.unsubscribe(obsolete);
      token.waitForCompletion(CONNECT_TIMEOUT_MS);
      checkGranted(token);
    }
  }

  /** Subscribes (and removes the other form) without waiting; failures are logged. */
  private void subscribeAsync(boolean removeObsolete) {
    MqttActionListener logFailure =
        new MqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            int[] codes = token.getReasonCodes();
            if (codes != null && java.util.Arrays.stream(codes).anyMatch(c -> c >= 0x80)) {
              LOG.error(
                  "MQTT slot {}: broker refused {} with {}",
                  slot,
                  plan,
                  java.util.Arrays.toString(codes));
            }
          }

          @Override
          public void onFailure(IMqttToken token, Throwable e) {
            LOG.error("MQTT slot {} could not subscribe to {}", slot, plan.subscribe(), e);
          }
        };
    try {
      if (subscriptions.length > 0) {
        client.subscribe(subscriptions, null, logFailure, new MqttProperties());
      }
      if (removeObsolete && obsolete.length > 0) {
        client.unsubscribe(obsolete, null, logFailure, new MqttProperties());
      }
    } catch (MqttException e) {
      LOG.error("MQTT slot {} could not subscribe to {}", slot, plan.subscribe(), e);
    }
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
    // Asynchronous: a blocking call on Paho's callback thread would deadlock it.
    subscribeAsync(false);
  }

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}
}
