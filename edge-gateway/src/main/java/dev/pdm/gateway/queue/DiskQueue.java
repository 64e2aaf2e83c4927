package dev.pdm.gateway.queue;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store-and-forward queue: an alarm lane and a telemetry lane on disk under one byte budget.
 * Alarms are always handed out before telemetry, and each lane keeps its order, so a device's
 * alarms leave in the order they arrived while a day of buffered telemetry cannot delay a live
 * alarm. When the budget is reached the oldest telemetry goes first; alarms are never dropped: an
 * alarm that does not fit is refused, and the caller holds it (unacknowledged at its source) until
 * the uplink frees space.
 */
public final class DiskQueue implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(DiskQueue.class);

  private final SegmentLog alarms;
  private final SegmentLog telemetry;
  private final long maxBytes;
  private final AtomicLong droppedTelemetry = new AtomicLong();
  private final AtomicLong alarmsRefused = new AtomicLong();
  private final Object appendSignal = new Object();
  private long appends;

  private DiskQueue(SegmentLog alarms, SegmentLog telemetry, long maxBytes) {
    this.alarms = alarms;
    this.telemetry = telemetry;
    this.maxBytes = maxBytes;
  }

  public static DiskQueue open(Path dir, long maxBytes, long segmentBytes) {
    return new DiskQueue(
        SegmentLog.open(Lane.ALARM, dir.resolve(Lane.ALARM.directory()), segmentBytes),
        SegmentLog.open(Lane.TELEMETRY, dir.resolve(Lane.TELEMETRY.directory()), segmentBytes),
        maxBytes);
  }

  /** Outcome of an append. */
  public enum Appended {
    /** Stored (force it with {@link #sync()} before acknowledging the source). */
    STORED,
    /** Telemetry that could not fit even after dropping all older telemetry; counted. */
    DROPPED,
    /** An alarm that does not fit: retry after the uplink has drained some. */
    REFUSED
  }

  /** Appends an entry, first dropping the oldest telemetry if the budget requires it. */
  public synchronized Appended append(
      Lane lane, String topic, int qos, byte[] payload, long nowMillis) {
    long size = SegmentLog.recordSize(topic, payload);
    while (bytes() + size > maxBytes && telemetry.depth() > 0) {
      long dropped = telemetry.dropOldestSegment();
      droppedTelemetry.addAndGet(dropped);
      LOG.warn(
          "event=queue_budget_drop lane=TELEMETRY entries={} budget_bytes={}", dropped, maxBytes);
    }
    if (bytes() + size > maxBytes) {
      if (lane == Lane.TELEMETRY) {
        droppedTelemetry.incrementAndGet();
        return Appended.DROPPED;
      }
      alarmsRefused.incrementAndGet();
      return Appended.REFUSED;
    }
    log(lane).append(topic, qos, payload, nowMillis);
    synchronized (appendSignal) {
      appends++;
      appendSignal.notifyAll();
    }
    return Appended.STORED;
  }

  /** Forces both lanes to disk. */
  public void sync() {
    alarms.sync();
    telemetry.sync();
  }

  /** The next entry to publish: any alarm before any telemetry. */
  public QueuedEvent next() {
    QueuedEvent e = alarms.next();
    return e != null ? e : telemetry.next();
  }

  public void ack(QueuedEvent e) {
    log(e.lane()).ack(e.seq());
  }

  /** Everything unacknowledged is handed out again, oldest first. */
  public void rewind() {
    alarms.rewind();
    telemetry.rewind();
  }

  /** Persists both acknowledgement cursors. */
  public void checkpoint() {
    alarms.checkpoint();
    telemetry.checkpoint();
  }

  /** How many entries were appended so far; pass it to {@link #awaitAppend}. */
  public long appendCount() {
    synchronized (appendSignal) {
      return appends;
    }
  }

  /** Waits, at most {@code millis}, until more than {@code seen} entries were appended. */
  public void awaitAppend(long seen, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    synchronized (appendSignal) {
      long left;
      while (appends == seen && (left = deadline - System.nanoTime()) > 0) {
        appendSignal.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  public long depth(Lane lane) {
    return log(lane).depth();
  }

  public long depth() {
    return alarms.depth() + telemetry.depth();
  }

  public int inflight() {
    return alarms.inflight() + telemetry.inflight();
  }

  public long bytes() {
    return alarms.bytes() + telemetry.bytes();
  }

  public long maxBytes() {
    return maxBytes;
  }

  public long droppedTelemetry() {
    return droppedTelemetry.get();
  }

  public long alarmsRefused() {
    return alarmsRefused.get();
  }

  public long truncatedBytes() {
    return alarms.truncatedBytes() + telemetry.truncatedBytes();
  }

  public Optional<Long> oldestEnqueuedAtMillis() {
    Optional<Long> a = alarms.oldestEnqueuedAtMillis();
    Optional<Long> t = telemetry.oldestEnqueuedAtMillis();
    if (a.isEmpty()) {
      return t;
    }
    return t.isEmpty() ? a : Optional.of(Math.min(a.get(), t.get()));
  }

  private SegmentLog log(Lane lane) {
    return lane == Lane.ALARM ? alarms : telemetry;
  }

  @Override
  public void close() {
    alarms.close();
    telemetry.close();
  }
}
