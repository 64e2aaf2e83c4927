package dev.pdm.launcher.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.model.codec.EventCodec;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.topic.Topics;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A passive observer on the broker: every alarm frame the devices publish and every canonical alarm
 * the gateway forwards, with the wall-clock instant it was first seen. It gives the source and
 * central counts of "no alarm lost" and the start of the alarm-to-ticket latency. It holds a
 * persistent session (QoS 1), so what is published while the broker restarts still reaches it.
 */
public final class AlarmTap implements AutoCloseable, Scorer.PublishTimes {

  private final MqttClient client;
  private final Map<String, Instant> frameFirstSeen = new ConcurrentHashMap<>();
  private final Set<String> frames = ConcurrentHashMap.newKeySet();
  private final Map<String, Set<String>> centralBySerial = new ConcurrentHashMap<>();
  private final LongAdder centralMessages = new LongAdder();
  private final LongAdder frameMessages = new LongAdder();
  private final LongAdder undecodable = new LongAdder();
  private final Set<String> incidents = ConcurrentHashMap.newKeySet();
  private final Set<String> batchSignals = ConcurrentHashMap.newKeySet();

  private AlarmTap(MqttClient client) {
    this.client = client;
  }

  public static AlarmTap start(String brokerUrl, String clientId) {
    try {
      MqttClient client = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
      AlarmTap tap = new AlarmTap(client);
      client.setCallback(tap.callback());
      MqttConnectionOptions o = new MqttConnectionOptions();
      o.setCleanStart(false);
      o.setSessionExpiryInterval(86_400L);
      o.setAutomaticReconnect(true);
      o.setAutomaticReconnectDelay(1, 2);
      // Paho doubles its reconnect delay up to the max reconnect delay (default 128 s), not
      // the automatic-reconnect maximum, and that delay is shared by every client in the
      // JVM: without this cap a broker restart keeps clients away for minutes.
      o.setMaxReconnectDelay(2000);
      o.setReceiveMaximum(65_535);
      o.setKeepAliveInterval(20);
      client.connect(o);
      client.subscribe(
          new String[] {
            "devices/+/+/alarm", Topics.CENTRAL_ALARMS_FILTER, Topics.INCIDENTS, Topics.BATCH_RISK
          },
          new int[] {1, 1, 1, 1});
      return tap;
    } catch (MqttException e) {
      throw new IllegalStateException("alarm tap could not connect to " + brokerUrl, e);
    }
  }

  private MqttCallback callback() {
    return new MqttCallback() {
      @Override
      public void messageArrived(String topic, MqttMessage message) {
        Instant now = Instant.now();
        try {
          if (topic.equals(Topics.INCIDENTS)) {
            JsonNode i = EventCodec.readObject(message.getPayload());
            incidents.add(i.path("incidentId").asText() + "/" + i.path("version").asLong());
          } else if (topic.equals(Topics.BATCH_RISK)) {
            JsonNode b = EventCodec.readObject(message.getPayload());
            batchSignals.add(b.path("signalId").asText() + "/" + b.path("version").asLong());
          } else if (topic.startsWith(Topics.CENTRAL_PREFIX)) {
            centralMessages.increment();
            AlarmEvent a = EventCodec.decodeAlarm(message.getPayload());
            centralBySerial
                .computeIfAbsent(a.serial(), s -> ConcurrentHashMap.newKeySet())
                .add(a.eventId());
          } else {
            frameMessages.increment();
            String serial = Topics.parseDevice(topic).serial();
            JsonNode frame = EventCodec.readObject(message.getPayload());
            long ts = frame.path("ts").asLong();
            frames.add(serial + "#" + frame.path("seq").asLong());
            frameFirstSeen.putIfAbsent(serial + "@" + ts, now);
          }
        } catch (RuntimeException e) {
          if (undecodable.sum() == 0) {
            System.err.println("alarm tap: cannot read a message on " + topic + ": " + e);
          }
          undecodable.increment();
        }
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
    };
  }

  @Override
  public Optional<Instant> firstSeen(String serial, Instant deviceTime) {
    return Optional.ofNullable(frameFirstSeen.get(serial + "@" + deviceTime.toEpochMilli()));
  }

  /** Distinct alarm frames (serial, seq) seen on the device topics. */
  public long distinctFrames() {
    return frames.size();
  }

  /** Distinct canonical alarm events (eventId) seen on the central topics. */
  public long distinctCentralAlarms() {
    return centralBySerial.values().stream().mapToLong(Set::size).sum();
  }

  /** Central alarm messages including redeliveries of the same event. */
  public long centralMessages() {
    return centralMessages.sum();
  }

  /** Distinct incident versions the stream job published. */
  public long incidentVersions() {
    return incidents.size();
  }

  /** Distinct batch-signal versions the stream job published. */
  public long batchSignalVersions() {
    return batchSignals.size();
  }

  public long frameMessages() {
    return frameMessages.sum();
  }

  public long undecodable() {
    return undecodable.sum();
  }

  /** Distinct canonical alarm events per serial. */
  public Map<String, Long> centralAlarmsBySerial() {
    Map<String, Long> out = new TreeMap<>();
    centralBySerial.forEach((k, v) -> out.put(k, (long) v.size()));
    return out;
  }

  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect(5_000);
      }
      client.close();
    } catch (MqttException e) {
      // closing anyway
    }
  }
}
