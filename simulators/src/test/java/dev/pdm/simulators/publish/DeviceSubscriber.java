package dev.pdm.simulators.publish;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.model.codec.EventCodec;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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
 * What a site gateway would see: subscribes to every device topic with a persistent session and
 * records each alarm frame once per (serial, seq), so redeliveries do not count twice.
 */
final class DeviceSubscriber implements AutoCloseable {

  private final MqttAsyncClient client;
  private final String serialPrefix;
  private final Set<String> alarmKeys = ConcurrentHashMap.newKeySet();
  private final Map<String, Set<Long>> alarmSeqsBySerial = new ConcurrentHashMap<>();
  private final AtomicLong telemetry = new AtomicLong();
  private final AtomicLong connects = new AtomicLong();
  private final AtomicLong minTs = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong maxTs = new AtomicLong(Long.MIN_VALUE);

  DeviceSubscriber(String url, String clientId, String serialPrefix, boolean persistent)
      throws MqttException {
    this.serialPrefix = serialPrefix;
    client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
    client.setCallback(new Callback());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(!persistent);
    options.setSessionExpiryInterval(persistent ? 3600L : 0L);
    options.setAutomaticReconnect(true);
    options.setAutomaticReconnectDelay(1, 2);
    options.setMaxReconnectDelay(2000);
    client.connect(options).waitForCompletion(10_000);
    subscribe().waitForCompletion(10_000);
  }

  private IMqttToken subscribe() throws MqttException {
    return client.subscribe(
        new String[] {"devices/+/+/alarm", "devices/+/+/telemetry"}, new int[] {1, 0});
  }

  /** Connections made so far, the first one included. */
  long connects() {
    return connects.get();
  }

  /** Earliest and latest device timestamp of any frame received, epoch ms. */
  long minDeviceTime() {
    return minTs.get();
  }

  long maxDeviceTime() {
    return maxTs.get();
  }

  int distinctAlarmFrames() {
    return alarmKeys.size();
  }

  long telemetryMessages() {
    return telemetry.get();
  }

  Map<String, Long> alarmFramesBySerial() {
    Map<String, Long> out = new TreeMap<>();
    alarmSeqsBySerial.forEach((k, v) -> out.put(k, (long) v.size()));
    return out;
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect().waitForCompletion(5_000);
    }
    client.close(true);
  }

  private final class Callback implements MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) {
      JsonNode json = EventCodec.readObject(message.getPayload());
      String serial =
          json.has("sn") ? json.get("sn").asText() : json.get("chargePointSerialNumber").asText();
      if (!serial.startsWith(serialPrefix)) {
        return;
      }
      long ts = json.get("ts").asLong();
      minTs.accumulateAndGet(ts, Math::min);
      maxTs.accumulateAndGet(ts, Math::max);
      if (topic.endsWith("/alarm")) {
        long seq = json.get("seq").asLong();
        alarmKeys.add(serial + "|" + seq);
        alarmSeqsBySerial.computeIfAbsent(serial, s -> ConcurrentHashMap.newKeySet()).add(seq);
      } else {
        telemetry.incrementAndGet();
      }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {}

    @Override
    public void mqttErrorOccurred(MqttException exception) {}

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
      connects.incrementAndGet();
      if (reconnect) {
        // harmless when the broker kept the session, needed when it did not
        try {
          subscribe();
        } catch (MqttException e) {
          throw new IllegalStateException(e);
        }
      }
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
