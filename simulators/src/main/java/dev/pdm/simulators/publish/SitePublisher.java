package dev.pdm.simulators.publish;

import dev.pdm.simulators.generator.DeviceMessage;
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
 * QoS 1 over a persistent session (clean start off, session expiry), so what is in flight when the
 * broker goes away is resent on reconnect, and what is published meanwhile waits in the client's
 * buffer. Telemetry published while disconnected is dropped and counted, as a real logger with a
 * small buffer would.
 */
public final class SitePublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SitePublisher.class);

  /** Session kept by the broker for a day: longer than any planned broker outage. */
  static final long SESSION_EXPIRY_SECONDS = 86_400;

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
    options.setCleanStart(false);
    options.setSessionExpiryInterval(SESSION_EXPIRY_SECONDS);
    options.setAutomaticReconnect(true);
    options.setAutomaticReconnectDelay(1, 5);
    options.setKeepAliveInterval(30);
    options.setConnectionTimeout(10);
    try {
      client.connect(options).waitForCompletion(timeoutMillis);
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
    long backoffNanos = 200_000;
    while (!closed) {
      try {
        client.publish(m.topic(), m.payload(), m.qos(), false, m, null);
        counters.published(m);
        return;
      } catch (MqttException e) {
        int reason = e.getReasonCode();
        if (reason != MqttClientException.REASON_CODE_MAX_INFLIGHT
            && reason != MqttClientException.REASON_CODE_DISCONNECTED_BUFFER_FULL
            && reason != MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED) {
          LOG.warn("site {}: publish of {} failed, retrying: {}", siteId, m.topic(), e.toString());
        }
        LockSupport.parkNanos(backoffNanos);
        backoffNanos = Math.min(backoffNanos * 2, 50_000_000);
      }
    }
  }

  /** Messages handed to the client and not yet acknowledged or sent (in flight plus buffered). */
  public int pending() {
    return client.getInFlightMessageCount() + client.getBufferedMessageCount();
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
    try {
      if (client.isConnected()) {
        // a deliberate stop ends the session: nothing is left in flight after the drain
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
      if (token.getUserContext() instanceof DeviceMessage m) {
        counters.acknowledged(m);
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
