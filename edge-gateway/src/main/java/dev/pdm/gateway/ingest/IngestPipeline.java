package dev.pdm.gateway.ingest;

import dev.pdm.gateway.adapter.Normalised;
import dev.pdm.gateway.adapter.Normaliser;
import dev.pdm.gateway.metrics.GatewayMetrics;
import dev.pdm.gateway.queue.DiskQueue;
import dev.pdm.gateway.queue.Lane;
import dev.pdm.gateway.ratelimit.TokenBuckets;
import dev.pdm.gateway.state.DeviceAlarmState;
import dev.pdm.gateway.state.DeviceStateStore;
import dev.pdm.model.codec.DeadLetter;
import dev.pdm.model.codec.EventCodec;
import dev.pdm.model.codec.InvalidEventException;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.topic.Topics;
import java.io.Closeable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * From a device message to durably queued canonical events, then the acknowledgement to the site
 * broker. {@link #accept} runs on the broker client's callback thread, one message at a time, and
 * does the mapping; a writer thread appends batches to the disk queue, forces them to disk once per
 * batch (group commit), records the devices' new alarm state and only then acknowledges the batch's
 * messages. A message that is not acknowledged is redelivered by the site broker after a crash.
 */
public final class IngestPipeline implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
  private static final int BATCH = 512;

  /** Where a message's acknowledgement goes once its events are safe. */
  @FunctionalInterface
  public interface Ack {
    void run() throws Exception;
  }

  /** An entry to append to the queue. */
  private record Entry(Lane lane, String topic, int qos, byte[] payload) {}

  /** One device message's work for the writer. */
  private record Work(List<Entry> entries, String serial, DeviceAlarmState nextState, Ack ack) {}

  private final Normaliser normaliser;
  private final DeviceStateStore states;
  private final DiskQueue queue;
  private final GatewayMetrics metrics;
  private final TokenBuckets alarmBudget;
  private final TokenBuckets telemetryBudget;
  private final String deadLetterSource;
  private final int telemetryQos;
  private final boolean fsync;
  private final LongSupplier clock;
  private final Predicate<String> takes;
  private final Map<String, DeviceAlarmState> latest = new ConcurrentHashMap<>();
  private final BlockingQueue<Work> pending = new ArrayBlockingQueue<>(8192);
  private final Thread writer;
  private volatile boolean running = true;

  public IngestPipeline(
      Normaliser normaliser,
      DeviceStateStore states,
      DiskQueue queue,
      GatewayMetrics metrics,
      TokenBuckets alarmBudget,
      TokenBuckets telemetryBudget,
      String deadLetterSource,
      int telemetryQos,
      boolean fsync,
      LongSupplier clock) {
    this(
        normaliser,
        states,
        queue,
        metrics,
        alarmBudget,
        telemetryBudget,
        deadLetterSource,
        telemetryQos,
        fsync,
        clock,
        topic -> true);
  }

  /**
   * @param takes whether a device topic is this gateway's; a message it is not for is acknowledged
   *     without being counted, mapped or queued (another gateway on the same site broker takes it)
   */
  public IngestPipeline(
      Normaliser normaliser,
      DeviceStateStore states,
      DiskQueue queue,
      GatewayMetrics metrics,
      TokenBuckets alarmBudget,
      TokenBuckets telemetryBudget,
      String deadLetterSource,
      int telemetryQos,
      boolean fsync,
      LongSupplier clock,
      Predicate<String> takes) {
    this.takes = takes;
    this.normaliser = normaliser;
    this.states = states;
    this.queue = queue;
    this.metrics = metrics;
    this.alarmBudget = alarmBudget;
    this.telemetryBudget = telemetryBudget;
    this.deadLetterSource = deadLetterSource;
    this.telemetryQos = telemetryQos;
    this.fsync = fsync;
    this.clock = clock;
    this.writer = new Thread(this::writeLoop, "gateway-queue-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Maps one device message and hands it to the writer; blocks when the writer is behind, which
   * slows the site broker down instead of buffering without bound.
   */
  public void accept(String topic, byte[] payload, Ack ack) throws InterruptedException {
    if (!takes.test(topic)) {
      // Through the writer like any other message, so acknowledgements keep arrival order.
      hand(new Work(List.of(), null, null, ack));
      return;
    }
    List<Entry> entries = new ArrayList<>(2);
    String serial = null;
    DeviceAlarmState next = null;
    try {
      Topics.DeviceTopic t = Topics.parseDevice(topic);
      metrics.received(t.kind());
      TokenBuckets budget = t.kind() == Topics.Kind.ALARM ? alarmBudget : telemetryBudget;
      if (!budget.tryAcquire(t.serial())) {
        // A skipped alarm frame leaves the device's state as it was: the next frame's diff still
        // carries every lasting change, only flaps inside the skipped frames are lost.
        metrics.rateLimited(t.kind());
        LOG.debug("event=rate_limited serial={} kind={}", t.serial(), t.kind());
      } else {
        Normalised n = normaliser.normalise(topic, payload, this::currentState);
        serial = n.serial();
        next = n.nextState();
        entries.addAll(entriesOf(n));
      }
    } catch (RuntimeException unexpected) {
      // Whatever the cause, the message must not come back forever (a poison message would stall
      // every device behind it): it goes to the dead letter like an invalid one.
      InvalidEventException e =
          unexpected instanceof InvalidEventException invalid
              ? invalid
              : new InvalidEventException(null, "could not be mapped: " + unexpected);
      if (!(unexpected instanceof InvalidEventException)) {
        LOG.error("event=mapping_failed topic=\"{}\"", topic, unexpected);
      }
      entries.clear();
      serial = null;
      next = null;
      long now = clock.getAsLong();
      metrics.invalid(now);
      LOG.warn("event=invalid_message topic=\"{}\" reason=\"{}\"", topic, e.reason());
      DeadLetter letter =
          DeadLetter.of(deadLetterSource, topic, e, payload, Instant.ofEpochMilli(now));
      entries.add(
          new Entry(
              Lane.TELEMETRY, Topics.deadLetter(deadLetterSource), 1, EventCodec.encode(letter)));
    }
    if (next != null) {
      latest.put(serial, next);
    }
    hand(new Work(entries, serial, next, ack));
  }

  private List<Entry> entriesOf(Normalised n) {
    metrics.undefinedBits(n.undefinedBits());
    if (n.stale()) {
      metrics.staleFrame();
    }
    List<Entry> out = new ArrayList<>(n.alarms().size() + 1);
    for (AlarmEvent a : n.alarms()) {
      out.add(
          new Entry(
              Lane.ALARM,
              Topics.central(n.site(), a.serial(), Topics.Kind.ALARM),
              1,
              EventCodec.encode(a)));
    }
    if (n.telemetry() != null) {
      out.add(
          new Entry(
              Lane.TELEMETRY,
              Topics.central(n.site(), n.serial(), Topics.Kind.TELEMETRY),
              telemetryQos,
              EventCodec.encode(n.telemetry())));
    }
    return out;
  }

  private void hand(Work w) throws InterruptedException {
    while (!pending.offer(w, 100, TimeUnit.MILLISECONDS)) {
      if (!running) {
        throw new IllegalStateException("gateway stopping: message left to the site broker");
      }
    }
  }

  /** The state the next frame is diffed against: including frames not yet durable. */
  private DeviceAlarmState currentState(String serial) {
    DeviceAlarmState s = latest.get(serial);
    return s != null ? s : states.get(serial);
  }

  private void writeLoop() {
    List<Work> batch = new ArrayList<>(BATCH);
    while (running) {
      try {
        Work first = pending.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        pending.drainTo(batch, BATCH - 1);
        if (!store(batch)) {
          return;
        }
        if (fsync) {
          queue.sync();
        }
        for (Work w : batch) {
          if (w.nextState() != null) {
            states.put(w.serial(), w.nextState());
          }
        }
        if (fsync) {
          states.sync();
        }
        for (Work w : batch) {
          acknowledge(w);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // Nothing of this batch was acknowledged: the site broker redelivers it after a restart.
        LOG.error("event=queue_write_failed action=stop_ingest", e);
        running = false;
        return;
      } finally {
        batch.clear();
      }
    }
  }

  /** Appends a batch; false when stopped while waiting for room for an alarm. */
  private boolean store(List<Work> batch) throws InterruptedException {
    for (Work w : batch) {
      for (Entry e : w.entries()) {
        while (true) {
          DiskQueue.Appended r =
              queue.append(e.lane(), e.topic(), e.qos(), e.payload(), clock.getAsLong());
          if (r == DiskQueue.Appended.STORED) {
            metrics.enqueued(e.lane());
            break;
          }
          if (r == DiskQueue.Appended.DROPPED) {
            break;
          }
          // The budget is full of alarms: hold this one (unacknowledged at the site broker) until
          // the uplink has drained some. Never drop an alarm.
          LOG.warn("event=alarm_deferred reason=disk_budget_full queue_bytes={}", queue.bytes());
          if (!running) {
            return false;
          }
          Thread.sleep(200);
        }
      }
    }
    return true;
  }

  private void acknowledge(Work w) {
    try {
      w.ack().run();
    } catch (Exception e) {
      // The site broker redelivers it; its events are already queued, so this only duplicates.
      LOG.warn("event=site_ack_failed reason=\"{}\"", e.toString());
    }
  }

  /** Messages accepted and not yet written. */
  public int backlog() {
    return pending.size();
  }

  public boolean isRunning() {
    return running && writer.isAlive();
  }

  /** Stops the writer; messages not yet written stay unacknowledged and are redelivered. */
  @Override
  public void close() {
    running = false;
    try {
      writer.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
