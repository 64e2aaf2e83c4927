package dev.pdm.simulators.publish;

import dev.pdm.simulators.generator.DeviceMessage;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.DisconnectedBufferOptions;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A site's data logger: one MQTT 5 connection publishing for every device of the site. Alarms go at
 * QoS 1; what is published while the broker is away waits in the client's buffer. Telemetry
 * published while disconnected is dropped and counted, as a real logger with a small buffer would.
 *
 * <p>Every QoS 1 message is tracked here until its acknowledgement. Connections start clean (see
 * {@link #connect}), so the client drops what was in flight at a disconnect; once reconnected and
 * flushed, messages still unacknowledged after a grace period and no longer held by the client are
 * published again ({@link #resendLost()}). That may duplicate an alarm frame (same serial and seq,
 * so the same event id downstream) but never loses one.
 */
public final class SitePublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SitePublisher.class);

  /** Unacknowledged messages older than this, and unknown to the client, are published again. */
  static final long RESEND_AFTER_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** One daemon thread checks every site's unacknowledged messages. */
  private static final ScheduledExecutorService MAINTENANCE =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "pdm-sim-resend");
            t.setDaemon(true);
            return t;
          });

  /** A QoS 1 message handed to the client and not yet acknowledged. */
  private static final class Outstanding {
    final long id;
    final DeviceMessage message;
    volatile IMqttToken token;
    volatile long sentAtNanos;

    Outstanding(long id, DeviceMessage message) {
      this.id = id;
      this.message = message;
    }
  }

  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, Outstanding> outstanding = new ConcurrentHashMap<>();
  private volatile ScheduledFuture<?> maintenance;
  private final String siteId;
  private final MqttAsyncClient client;
  private final PublishCounters counters;
  private volatile boolean closed;

  public SitePublisher(
      String siteId, String brokerUrl, String clientId, int bufferSize, PublishCounters counters) {
    this.siteId = siteId;
    this.counters = counters;
    try {
      this.client = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalArgumentException("cannot create MQTT client for " + brokerUrl, e);
    }
    DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
    buffer.setBufferEnabled(true);
    buffer.setBufferSize(bufferSize);
    buffer.setPersistBuffer(false);
    buffer.setDeleteOldestMessages(false);
    client.setBufferOpts(buffer);
    client.setCallback(new Callback());
  }

  /** Connects, waiting up to {@code timeoutMillis}; fails with the broker's URL in the message. */
  public void connect(long timeoutMillis) {
    MqttConnectionOptions options = new MqttConnectionOptions();
    // Paho 1.2.5 rewrites a QoS 1 message in flight to use a topic alias of the connection it was
    // first sent on; resent on a resumed session after a reconnect, it carries an alias the new
    // connection does not know, and the broker drops the client for a protocol error, forever.
    // So every connection starts clean, and this class resends what was not acknowledged.
    options.setCleanStart(true);
    options.setAutomaticReconnect(true);
    options.setAutomaticReconnectDelay(1, 5);
    // Paho doubles its reconnect delay up to the max reconnect delay (default 128 s), not
    // the automatic-reconnect maximum, and that delay is shared by every client in the
    // JVM: without this cap a broker restart keeps clients away for minutes.
    options.setMaxReconnectDelay(5000);
    options.setKeepAliveInterval(30);
    options.setConnectionTimeout(10);
    try {
      client.connect(options).waitForCompletion(timeoutMillis);
      maintenance = MAINTENANCE.scheduleWithFixedDelay(this::resendLost, 1, 1, TimeUnit.SECONDS);
    } catch (MqttException e) {
      throw new IllegalStateException(
          "site " + siteId + " cannot connect to " + client.getServerURI() + ": " + e, e);
    }
  }

  public String siteId() {
    return siteId;
  }

  public boolean isConnected() {
    return client.isConnected();
  }

  /**
   * Publishes one message. QoS 1 messages are never given up: when the in-flight window or the
   * disconnected buffer is full this waits (back-pressure on the generator) until there is room.
   */
  public void publish(DeviceMessage m) {
    if (m.qos() == 0) {
      if (!client.isConnected()) {
        counters.dropped(m);
        return;
      }
      try {
        client.publish(m.topic(), m.payload(), 0, false, m, null);
        counters.published(m);
      } catch (MqttException e) {
        counters.dropped(m);
      }
      return;
    }
    Outstanding entry = new Outstanding(ids.incrementAndGet(), m);
    outstanding.put(entry.id, entry);
    send(entry);
    counters.published(m);
  }

  private void send(Outstanding entry) {
    DeviceMessage m = entry.message;
    long backoffNanos = 200_000;
    while (!closed) {
      try {
        entry.sentAtNanos = System.nanoTime();
        entry.token = client.publish(m.topic(), m.payload(), m.qos(), false, entry, null);
        return;
      } catch (MqttException e) {
        int reason = e.getReasonCode();
        if (reason != MqttClientException.REASON_CODE_MAX_INFLIGHT
            && reason != MqttClientException.REASON_CODE_DISCONNECTED_BUFFER_FULL
            && reason != MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED
            && reason != MqttClientException.REASON_CODE_CLIENT_DISCONNECTING) {
          LOG.warn("site {}: publish of {} failed, retrying: {}", siteId, m.topic(), e.toString());
        }
        LockSupport.parkNanos(backoffNanos);
        backoffNanos = Math.min(backoffNanos * 2, 50_000_000);
      }
    }
  }

  /**
   * Publishes again what the client dropped: runs only while connected with an empty buffer, for
   * messages unacknowledged for a while whose token the client no longer tracks.
   */
  void resendLost() {
    if (closed || !client.isConnected() || client.getBufferedMessageCount() > 0) {
      return;
    }
    Set<IMqttToken> pending = Collections.newSetFromMap(new IdentityHashMap<>());
    Collections.addAll(pending, client.getPendingTokens());
    long now = System.nanoTime();
    for (Outstanding entry : outstanding.values()) {
      IMqttToken token = entry.token;
      // complete without error: the acknowledgement callback is on its way
      boolean acknowledged = token != null && token.isComplete() && token.getException() == null;
      if (token != null
          && !acknowledged
          && !pending.contains(token)
          && now - entry.sentAtNanos > RESEND_AFTER_NANOS) {
        counters.resent(entry.message);
        send(entry);
      }
    }
  }

  /** QoS 1 messages handed over and not yet acknowledged by the broker. */
  public int pending() {
    return outstanding.size();
  }

  /** Waits until every message handed over has left the client, or the deadline passes. */
  public boolean drain(long timeoutMillis) {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (pending() > 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(5_000_000);
    }
    return true;
  }

  @Override
  public void close() {
    closed = true;
    if (maintenance != null) {
      maintenance.cancel(false);
    }
    try {
      if (client.isConnected()) {
        // no session is left behind on the broker after a deliberate stop
        MqttProperties properties = new MqttProperties();
        properties.setSessionExpiryInterval(0L);
        client.disconnect(5_000, null, null, 0, properties).waitForCompletion(5_000);
      }
    } catch (MqttException e) {
      LOG.debug("site {}: disconnect: {}", siteId, e.toString());
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      LOG.debug("site {}: close: {}", siteId, e.toString());
    }
  }

  private final class Callback implements MqttCallback {
    @Override
    public void disconnected(MqttDisconnectResponse response) {
      if (!closed) {
        LOG.info("site {}: disconnected ({}), reconnecting", siteId, response.getReasonString());
      }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      LOG.warn("site {}: {}", siteId, exception.toString());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      // publish-only client
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
      // a message published twice is acknowledged twice: count the first
      if (token.getUserContext() instanceof Outstanding entry
          && outstanding.remove(entry.id) != null) {
        counters.acknowledged(entry.message);
      }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
      if (reconnect) {
        counters.reconnected();
        LOG.info("site {}: reconnected to {}", siteId, serverURI);
      }
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
      // no enhanced authentication
    }
  }
}
