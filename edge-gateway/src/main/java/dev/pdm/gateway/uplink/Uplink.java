package dev.pdm.gateway.uplink;

import dev.pdm.gateway.broker.BrokerConnections;
import dev.pdm.gateway.metrics.GatewayMetrics;
import dev.pdm.gateway.queue.DiskQueue;
import dev.pdm.gateway.queue.QueuedEvent;
import java.io.Closeable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
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
 * Drains the disk queue to the central broker: alarms first, a bounded window of publishes in
 * flight, an entry removed from the queue only {@link #HOLD_AFTER_PUBACK_MS} after its PUBACK. When
 * the connection drops, everything still in the queue is handed out again after the reconnect; the
 * broker may then see an event twice, always with the same eventId.
 *
 * <p>Why the hold: a PUBACK is not proof that the message survives the broker. Mosquitto
 * acknowledges before it saves (every {@code autosave_interval}), so a kill -9 loses what it
 * acknowledged in its last moments, also what it queued for a subscriber that was offline or
 * behind. An entry confirmed within the hold before a lost connection is therefore published again,
 * in queue order, like an unconfirmed one.
 */
public final class Uplink implements MqttCallback, Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(Uplink.class);
  private static final long CHECKPOINT_MILLIS = 500;

  /**
   * How long a confirmed entry stays in the queue at least (up to one checkpoint period more):
   * several broker autosave intervals.
   */
  static final long HOLD_AFTER_PUBACK_MS = 5_000;

  private final MqttAsyncClient client;
  private final DiskQueue queue;
  private final GatewayMetrics metrics;
  private final int window;
  private final Object lock = new Object();
  private final AtomicBoolean rewind = new AtomicBoolean();
  private final AtomicBoolean backoff = new AtomicBoolean();
  private final Thread drainer;
  private final ScheduledExecutorService connector;
  private volatile Semaphore permits;
  private volatile boolean connected;
  private volatile boolean running = true;

  /** An entry the client refused for a full in-flight window, to publish before any other. */
  private QueuedEvent retry;

  /** Confirmed entries, oldest first, still held in the queue; also guards {@link #epoch}. */
  private final Deque<Confirmed> confirmed = new ArrayDeque<>();

  /** Connections lost so far: a PUBACK from an earlier connection does not count. */
  private long epoch;

  /**
   * One publish in flight, with the connection it went out on; the permit goes back to the window
   * it came from.
   */
  private record Pending(QueuedEvent event, Semaphore window, long epoch) {}

  /** An entry the broker confirmed, and when. */
  private record Confirmed(QueuedEvent event, long atMillis) {}

  public Uplink(
      String url,
      String clientId,
      MqttConnectionOptions options,
      DiskQueue queue,
      GatewayMetrics metrics,
      int window) {
    this.queue = queue;
    this.metrics = metrics;
    this.window = window;
    this.permits = new Semaphore(window);
    try {
      // The disk queue is the persistence; Paho's own would be a second copy of every event.
      this.client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalArgumentException("bad central broker url " + url + ": " + e, e);
    }
    client.setCallback(this);
    this.drainer = new Thread(this::drainLoop, "gateway-uplink");
    drainer.setDaemon(true);
    drainer.start();
    this.connector = BrokerConnections.connectUntilConnected(client, options, "central");
  }

  public boolean isConnected() {
    return connected;
  }

  private void drainLoop() {
    long lastCheckpoint = System.nanoTime();
    while (running) {
      try {
        if (System.nanoTime() - lastCheckpoint > CHECKPOINT_MILLIS * 1_000_000) {
          releaseHeld(System.currentTimeMillis() - HOLD_AFTER_PUBACK_MS);
          queue.checkpoint();
          lastCheckpoint = System.nanoTime();
        }
        if (!connected) {
          synchronized (lock) {
            lock.wait(200);
          }
          continue;
        }
        if (backoff.getAndSet(false)) {
          // A refused or failed publish: do not hammer the broker with the same entries.
          pause();
        }
        if (rewind.getAndSet(false)) {
          // Old tokens may never complete: start a fresh window rather than wait for them.
          permits = new Semaphore(window);
          retry = null;
          queue.rewind();
        }
        Semaphore w = permits;
        if (!w.tryAcquire(200, TimeUnit.MILLISECONDS)) {
          continue;
        }
        long seen = queue.appendCount();
        QueuedEvent e = retry != null ? retry : queue.next();
        retry = null;
        if (e == null) {
          w.release();
          queue.awaitAppend(seen, 200);
          continue;
        }
        publish(e, w);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.error("event=uplink_error action=retry", e);
        rewind.set(true);
        pause();
      }
    }
  }

  private void publish(QueuedEvent e, Semaphore w) {
    MqttMessage m = new MqttMessage(e.payload());
    m.setQos(e.qos());
    try {
      client.publish(e.topic(), m, new Pending(e, w, currentEpoch()), listener);
    } catch (MqttException ex) {
      w.release();
      if (ex.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
        // The broker's receive maximum is below our window: wait for a PUBACK, keep the order.
        retry = e;
        pauseBriefly();
        return;
      }
      metrics.publishFailure();
      LOG.warn("event=publish_failed topic={} reason=\"{}\"", e.topic(), ex.toString());
      rewind.set(true);
      pause();
    }
  }

  private final MqttActionListener listener =
      new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          Pending p = (Pending) token.getUserContext();
          int[] codes = token.getReasonCodes();
          if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
            // Refused by the broker (e.g. not authorised): keep it queued and try again later.
            onFailure(token, new MqttException(codes[0]));
            return;
          }
          hold(p);
          metrics.published(p.event().lane());
          p.window().release();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
          Pending p = (Pending) token.getUserContext();
          p.window().release();
          metrics.publishFailure();
          LOG.warn(
              "event=publish_failed topic={} reason=\"{}\"", p.event().topic(), String.valueOf(e));
          backoff.set(true);
          rewind.set(true);
        }
      };

  private long currentEpoch() {
    synchronized (confirmed) {
      return epoch;
    }
  }

  private void hold(Pending p) {
    synchronized (confirmed) {
      if (p.epoch() == epoch) {
        confirmed.addLast(new Confirmed(p.event(), System.currentTimeMillis()));
      }
      // else: confirmed on a connection since lost; the rewind hands the entry out again.
    }
  }

  /** Removes from the queue the entries confirmed before {@code settledBefore}. */
  private void releaseHeld(long settledBefore) {
    synchronized (confirmed) {
      while (!confirmed.isEmpty() && confirmed.peekFirst().atMillis() < settledBefore) {
        queue.ack(confirmed.removeFirst().event());
      }
    }
  }

  private static void pauseBriefly() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void pause() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void connectComplete(boolean reconnect, String serverURI) {
    LOG.info("event=central_connected reconnect={} queue_depth={}", reconnect, queue.depth());
    rewind.set(true);
    connected = true;
    synchronized (lock) {
      lock.notifyAll();
    }
  }

  @Override
  public void disconnected(MqttDisconnectResponse response) {
    connected = false;
    synchronized (confirmed) {
      // What was confirmed within the hold stays in the queue, and the rewind publishes it again.
      releaseHeld(System.currentTimeMillis() - HOLD_AFTER_PUBACK_MS);
      confirmed.clear();
      epoch++;
    }
    rewind.set(true);
    LOG.warn("event=central_disconnected reason=\"{}\" queue_depth={}", response, queue.depth());
  }

  @Override
  public void mqttErrorOccurred(MqttException exception) {
    LOG.warn("event=central_mqtt_error reason=\"{}\"", exception.toString());
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {}

  @Override
  public void deliveryComplete(IMqttToken token) {}

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}

  @Override
  public void close() {
    running = false;
    connector.shutdownNow();
    // No interrupt: it would close the queue's file channels under the drainer's feet. Every wait
    // in the loop is bounded, so it notices running == false within a fraction of a second.
    try {
      drainer.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (client.isConnected()) {
        client.disconnect(2000).waitForCompletion(3000);
      }
    } catch (MqttException e) {
      LOG.debug("event=central_disconnect_failed reason=\"{}\"", e.toString());
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      LOG.debug("event=central_close_failed reason=\"{}\"", e.toString());
    }
    queue.checkpoint();
  }
}
