package dev.pdm.stream.mqtt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.IntFunction;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits the messages of its slots and acknowledges each only when the checkpoint that covers it
 * completes. Paho's callback thread puts deliveries into a bounded queue; the task thread drains it
 * in {@link #pollNext}. The broker's receive-maximum window should keep the queue small, but
 * Mosquitto 2.0 enforces it only until the first acknowledgements (measured: 100, then 2,900 at
 * once), so the queue bound is what limits memory: when it is full the callback thread blocks, Paho
 * stops reading the socket and TCP flow control pushes back to the broker. Nothing is dropped.
 */
final class MqttSourceReader implements SourceReader<MqttRecord, MqttSplit> {

  private static final Logger LOG = LoggerFactory.getLogger(MqttSourceReader.class);

  private final IntFunction<SlotConnection> connections;
  private final Map<Integer, SlotConnection> slots = new TreeMap<>();
  private final Map<Integer, AckLedger> ledgers = new TreeMap<>();
  private final BlockingQueue<SlotConnection.Delivery> queue;
  private volatile CompletableFuture<Void> available = new CompletableFuture<>();
  private volatile int pending;

  private final Counter received;
  private final Counter acked;
  private final Counter redelivered;

  MqttSourceReader(
      SourceReaderContext context, IntFunction<SlotConnection> connections, int queueCapacity) {
    this.connections = connections;
    this.queue = new LinkedBlockingQueue<>(queueCapacity);
    var metrics = context.metricGroup().addGroup("mqtt");
    this.received = metrics.counter("received");
    this.acked = metrics.counter("acked");
    this.redelivered = metrics.counter("redelivered");
    metrics.gauge("pending", () -> pending);
    metrics.gauge("buffered", queue::size);
  }

  @Override
  public void start() {}

  @Override
  public InputStatus pollNext(ReaderOutput<MqttRecord> output) {
    SlotConnection.Delivery d = queue.poll();
    if (d == null) {
      CompletableFuture<Void> next = new CompletableFuture<>();
      available = next;
      // A delivery may have arrived between poll and the swap: never sleep on a full queue.
      if (!queue.isEmpty()) {
        next.complete(null);
      }
      return InputStatus.NOTHING_AVAILABLE;
    }
    AckLedger ledger = ledgers.get(d.slot());
    if (d.qos() > 0 && ledger != null && !ledger.emitted(d.epoch(), d.messageId())) {
      redelivered.inc();
    }
    output.collect(new MqttRecord(d.topic(), d.payload()));
    received.inc();
    updatePending();
    return InputStatus.MORE_AVAILABLE;
  }

  @Override
  public List<MqttSplit> snapshotState(long checkpointId) {
    List<MqttSplit> splits = new ArrayList<>();
    for (var e : ledgers.entrySet()) {
      e.getValue().snapshot(checkpointId);
      splits.add(new MqttSplit(e.getKey()));
    }
    return splits;
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    for (var e : ledgers.entrySet()) {
      SlotConnection connection = slots.get(e.getKey());
      long epoch = connection.epoch();
      for (AckLedger.Ack ack : e.getValue().complete(checkpointId)) {
        // An id from an earlier connection is meaningless now: the broker redelivered that message.
        if (ack.epoch() == epoch) {
          connection.ack(ack.messageId());
          acked.inc();
        }
      }
    }
    updatePending();
  }

  @Override
  public CompletableFuture<Void> isAvailable() {
    return available;
  }

  @Override
  public void addSplits(List<MqttSplit> splits) {
    for (MqttSplit split : splits) {
      if (slots.containsKey(split.slot())) {
        continue;
      }
      SlotConnection connection = connections.apply(split.slot());
      try {
        connection.open(this::enqueue);
      } catch (Exception e) {
        connection.close();
        throw new IllegalStateException("cannot open MQTT slot " + split.slot(), e);
      }
      slots.put(split.slot(), connection);
      ledgers.put(split.slot(), new AckLedger());
      LOG.info("MQTT source opened slot {}", split.slot());
    }
  }

  private void enqueue(SlotConnection.Delivery delivery) {
    try {
      queue.put(delivery);
    } catch (InterruptedException e) {
      // Closing: the message stays unacknowledged and the broker redelivers it.
      Thread.currentThread().interrupt();
      return;
    }
    available.complete(null);
  }

  @Override
  public void notifyNoMoreSplits() {}

  @Override
  public void close() {
    slots.values().forEach(SlotConnection::close);
    slots.clear();
  }

  private void updatePending() {
    int n = 0;
    for (AckLedger ledger : ledgers.values()) {
      n += ledger.pending();
    }
    pending = n;
  }

  /** For tests: what waits for acknowledgement in a slot. */
  AckLedger ledger(int slot) {
    return ledgers.get(slot);
  }
}
