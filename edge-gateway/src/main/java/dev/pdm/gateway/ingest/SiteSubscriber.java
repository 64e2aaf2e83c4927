package dev.pdm.gateway.ingest;

import dev.pdm.gateway.broker.BrokerConnections;
import dev.pdm.model.topic.Topics;
import java.io.Closeable;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscription to the site-local broker: every device topic, QoS 1, persistent session and
 * manual acknowledgements, so the site broker keeps a message until its events are on disk.
 */
public final class SiteSubscriber implements MqttCallback, Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(SiteSubscriber.class);

  private final MqttAsyncClient client;
  private final IngestPipeline pipeline;
  private final ScheduledExecutorService connector;
  private volatile boolean connected;

  public SiteSubscriber(
      String url, String clientId, MqttConnectionOptions options, IngestPipeline pipeline) {
    this.pipeline = pipeline;
    try {
      // No client-side persistence: an unacknowledged inbound message lives in the broker's
      // session.
      this.client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalArgumentException("bad site broker url " + url + ": " + e, e);
    }
    client.setManualAcks(true);
    client.setCallback(this);
    this.connector = BrokerConnections.connectUntilConnected(client, options, "site");
  }

  public boolean isConnected() {
    return connected;
  }

  @Override
  public void connectComplete(boolean reconnect, String serverURI) {
    try {
      // Idempotent with a persistent session; needed when the broker lost the session. The
      // gateway counts as connected only once the subscription is in place: before it, a device
      // message published to a fresh site broker would have no subscriber and be lost.
      client.subscribe(
          Topics.DEVICE_FILTER,
          1,
          null,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              connected = true;
              LOG.info(
                  "event=site_subscribed filter={} reconnect={}", Topics.DEVICE_FILTER, reconnect);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              LOG.error("event=site_subscribe_failed reason=\"{}\"", String.valueOf(e));
            }
          });
    } catch (MqttException e) {
      LOG.error("event=site_subscribe_failed reason=\"{}\"", e.toString());
    }
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) throws Exception {
    int id = message.getId();
    int qos = message.getQos();
    pipeline.accept(topic, message.getPayload(), () -> client.messageArrivedComplete(id, qos));
  }

  @Override
  public void disconnected(MqttDisconnectResponse response) {
    connected = false;
    LOG.warn("event=site_disconnected reason=\"{}\"", response);
  }

  @Override
  public void mqttErrorOccurred(MqttException exception) {
    LOG.warn("event=site_mqtt_error reason=\"{}\"", exception.toString());
  }

  @Override
  public void deliveryComplete(IMqttToken token) {}

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}

  @Override
  public void close() {
    connector.shutdownNow();
    try {
      if (client.isConnected()) {
        client.disconnect(2000).waitForCompletion(3000);
      }
    } catch (MqttException e) {
      LOG.debug("event=site_disconnect_failed reason=\"{}\"", e.toString());
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      LOG.debug("event=site_close_failed reason=\"{}\"", e.toString());
    }
    connected = false;
  }
}
