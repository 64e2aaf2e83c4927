package dev.pdm.ticket.ingest;

import dev.pdm.model.codec.DeadLetter;
import dev.pdm.model.codec.EventCodec;
import dev.pdm.model.codec.InvalidEventException;
import dev.pdm.model.topic.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
import org.jboss.logging.Logger;

/**
 * Receives incidents and batch-risk signals from the central broker with Eclipse Paho MQTT 5, and
 * acknowledges each only after its transaction committed (manual acknowledgements). The session is
 * persistent (clean start off, a session expiry, a stable client id), so a message received but not
 * acknowledged when the process dies, or when its transaction fails, is delivered again. Replicas
 * share one subscription group, so each message goes to one of them; a single replica on a broker
 * that forgets shared subscriptions when it restarts subscribes plainly instead ({@link
 * IngestConfig#subscription()}).
 *
 * <p>A transaction that fails is retried by redelivery: the message stays unacknowledged, later
 * messages are left unacknowledged too, and the client disconnects and resumes its session, upon
 * which the broker resends them in order. After {@link IngestConfig#maxAttempts()} failures the
 * message is dead-lettered, so nothing blocks the stream.
 */
@ApplicationScoped
public class MqttIngestor implements MqttCallback {

  static final String SOURCE = "ticket-api";
  private static final Logger LOG = Logger.getLogger(MqttIngestor.class);
  private static final int QOS = 1;

  private final IngestConfig config;
  private final IngestService ingest;
  private final Clock clock;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private volatile MqttAsyncClient client;
  private volatile MqttConnectionOptions options;

  /** Set from a failed transaction until the reconnect that brings the message back. */
  private final AtomicBoolean recovering = new AtomicBoolean();

  /**
   * Counts connections: packet ids are per connection, so an acknowledgement that straddles a
   * reconnect must be dropped (the broker redelivers, the inbox makes that a no-op).
   */
  private final AtomicLong generation = new AtomicLong();

  /** Backoff between connection attempts; only the recovery thread touches it. */
  private volatile long retryDelayMillis = 1_000;

  private final ExecutorService recovery =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "mqtt-ingest-recovery");
            t.setDaemon(true);
            return t;
          });

  public MqttIngestor(IngestConfig config, IngestService ingest, Clock clock) {
    this.config = config;
    this.ingest = ingest;
    this.clock = clock;
  }

  /** After the ruleset runtime (default priority), so the first message finds a ruleset. */
  void onStart(@Observes @Priority(5000) StartupEvent event) throws MqttException {
    if (config.enabled()) {
      start();
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    stop();
  }

  /** Connects with the persistent session and subscribes; returns when connected. */
  public synchronized void start() throws MqttException {
    if (client != null) {
      return;
    }
    String uri = (config.ssl() ? "ssl://" : "tcp://") + config.host() + ":" + config.port();
    MqttAsyncClient c = new MqttAsyncClient(uri, config.clientId(), new MemoryPersistence());
    c.setManualAcks(true);
    c.setCallback(this);
    MqttConnectionOptions options = new MqttConnectionOptions();
    this.options = options;
    options.setCleanStart(false);
    options.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
    options.setAutomaticReconnect(true);
    options.setAutomaticReconnectDelay(1, 30);
    // Paho doubles its reconnect delay up to the max reconnect delay (default 128 s), not
    // the automatic-reconnect maximum, and that delay is shared by every client in the
    // JVM: without this cap a broker restart keeps clients away for minutes.
    options.setMaxReconnectDelay(30000);
    options.setReceiveMaximum(config.receiveMaximum());
    config.username().ifPresent(options::setUserName);
    config.password().ifPresent(p -> options.setPassword(p.getBytes(StandardCharsets.UTF_8)));
    client = c;
    try {
      c.connect(options).waitForCompletion(30_000);
      LOG.infof("ingesting incidents from %s as %s", uri, config.clientId());
    } catch (MqttException e) {
      // the API keeps serving; ingestion starts once the broker is reachable
      LOG.warnf("cannot reach the MQTT broker at %s yet (%s); retrying", uri, e.getMessage());
      if (recovering.compareAndSet(false, true)) {
        recovery.execute(this::reconnectLater);
      }
    }
  }

  /** Disconnects cleanly; the broker keeps the session and queues for this client id. */
  public synchronized void stop() {
    recovery.shutdownNow();
    MqttAsyncClient c = client;
    client = null;
    if (c == null) {
      return;
    }
    try {
      if (c.isConnected()) {
        c.disconnect(5_000).waitForCompletion(5_000);
      }
      c.close(true);
    } catch (MqttException e) {
      LOG.debugf(e, "closing the MQTT client");
    }
  }

  /**
   * Subscribes on every connection, also when the broker reports the session as present: a
   * restarted broker may bring the session back without some of its subscriptions (Mosquitto 2.0
   * keeps plain ones and drops shared ones), and subscribing to a filter the session has only
   * replaces it.
   */
  @Override
  public void connectComplete(boolean reconnect, String serverUri) {
    generation.incrementAndGet();
    IngestSubscriptions plan = IngestSubscriptions.of(config.subscription(), config.sharedGroup());
    MqttSubscription[] filters =
        plan.subscribe().stream()
            .map(
                f -> {
                  MqttSubscription s = new MqttSubscription(f, QOS);
                  // replaced on every connection: no retained messages again each time
                  s.setRetainHandling(1);
                  return s;
                })
            .toArray(MqttSubscription[]::new);
    try {
      // asynchronous: this is Paho's callback thread
      client.subscribe(filters, null, null, new MqttProperties());
      client.unsubscribe(plan.unsubscribe().toArray(String[]::new));
    } catch (MqttException | RuntimeException e) {
      LOG.errorf(e, "subscribing to %s failed", plan.subscribe());
    }
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) throws Exception {
    if (recovering.get()) {
      // left unacknowledged: it comes again, in order, after the reconnect
      return;
    }
    long connection = generation.get();
    byte[] payload = message.getPayload();
    IngestOutcome outcome;
    try {
      outcome = handle(topic, payload).await().atMost(config.applyTimeout());
    } catch (InvalidEventException e) {
      deadLetter(topic, payload, e, message, connection);
      return;
    } catch (RuntimeException e) {
      String key = key(topic, payload);
      int attempts = failures.merge(key, 1, Integer::sum);
      if (attempts >= config.maxAttempts()) {
        failures.remove(key);
        LOG.errorf(e, "giving up on a message from %s after %d attempts", topic, attempts);
        deadLetter(
            topic,
            payload,
            new InvalidEventException(
                null, "not applicable after " + attempts + " attempts: " + e.getMessage()),
            message,
            connection);
        return;
      }
      LOG.warnf(
          "applying a message from %s failed (attempt %d), it will be redelivered: %s",
          topic, attempts, e.toString());
      if (recovering.compareAndSet(false, true)) {
        recovery.execute(this::reconnect);
      }
      return;
    }
    failures.remove(key(topic, payload));
    LOG.debugf("%s: %s", topic, outcome);
    acknowledge(message, connection);
  }

  /**
   * Gets an unacknowledged message delivered again: MQTT resends unacknowledged messages only when
   * the session resumes, so the client disconnects and connects again to the same session. Runs off
   * the callback thread, which a disconnect waits for.
   */
  private void reconnect() {
    MqttAsyncClient c = client;
    try {
      if (c == null) {
        return;
      }
      if (c.isConnected()) {
        c.disconnect(5_000).waitForCompletion(10_000);
      }
    } catch (MqttException e) {
      LOG.debugf(e, "disconnecting for redelivery");
    } finally {
      // nothing arrives while disconnected, so whatever arrives next is to be processed
      recovering.set(false);
    }
    try {
      c.connect(options).waitForCompletion(30_000);
      retryDelayMillis = 1_000;
    } catch (MqttException e) {
      LOG.warnf(
          "connecting to the MQTT broker failed (%s); next attempt in %d ms",
          e.getMessage(), retryDelayMillis);
      if (recovering.compareAndSet(false, true)) {
        recovery.execute(this::reconnectLater);
      }
    }
  }

  private void reconnectLater() {
    long delay = retryDelayMillis;
    retryDelayMillis = Math.min(delay * 2, 30_000);
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    reconnect();
  }

  private io.smallrye.mutiny.Uni<IngestOutcome> handle(String topic, byte[] payload) {
    if (Topics.INCIDENTS.equals(topic)) {
      return ingest.incident(EventCodec.decodeIncident(payload));
    }
    if (Topics.BATCH_RISK.equals(topic)) {
      return ingest.batchSignal(EventCodec.decodeBatchRisk(payload));
    }
    throw new InvalidEventException(null, "unexpected topic " + topic);
  }

  /** Publishes the dead letter and acknowledges the original once the broker has the letter. */
  private void deadLetter(
      String topic, byte[] payload, InvalidEventException e, MqttMessage msg, long connection)
      throws MqttException {
    LOG.warnf("dead-lettering a message from %s: %s", topic, e.reason());
    DeadLetter letter = DeadLetter.of(SOURCE, topic, e, payload, clock.instant());
    client.publish(
        Topics.deadLetter(SOURCE),
        EventCodec.encode(letter),
        QOS,
        false,
        null,
        new MqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            acknowledge(msg, connection);
          }

          @Override
          public void onFailure(IMqttToken token, Throwable failure) {
            // unacknowledged: it comes back after the next reconnect and is dead-lettered then
            LOG.warnf(failure, "publishing a dead letter for %s failed", topic);
          }
        });
  }

  private void acknowledge(MqttMessage message, long connection) {
    MqttAsyncClient c = client;
    if (c == null || connection != generation.get()) {
      return;
    }
    try {
      c.messageArrivedComplete(message.getId(), message.getQos());
    } catch (MqttException e) {
      // the broker will redeliver it; the inbox makes the redelivery a no-op
      LOG.debugf(e, "acknowledging message %d", message.getId());
    }
  }

  private static String key(String topic, byte[] payload) {
    return topic + ":" + payload.length + ":" + Arrays.hashCode(payload);
  }

  @Override
  public void disconnected(MqttDisconnectResponse response) {
    LOG.warnf("disconnected from the MQTT broker: %s", response);
  }

  @Override
  public void mqttErrorOccurred(MqttException exception) {
    LOG.warnf(exception, "MQTT error");
  }

  @Override
  public void deliveryComplete(IMqttToken token) {}

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}
}
