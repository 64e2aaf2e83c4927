package dev.pdm.gateway.metrics;

import dev.pdm.gateway.queue.DiskQueue;
import dev.pdm.gateway.queue.Lane;
import dev.pdm.model.topic.Topics;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/** The gateway's counters and gauges, readable as a snapshot or in Prometheus text format. */
public final class GatewayMetrics {

  private final Map<Topics.Kind, LongAdder> received = counters(Topics.Kind.class);
  private final Map<Topics.Kind, LongAdder> rateLimited = counters(Topics.Kind.class);
  private final Map<Lane, LongAdder> enqueued = counters(Lane.class);
  private final Map<Lane, LongAdder> published = counters(Lane.class);
  private final LongAdder invalid = new LongAdder();
  private final LongAdder undefinedBits = new LongAdder();
  private final LongAdder staleFrames = new LongAdder();
  private final LongAdder publishFailures = new LongAdder();
  private final AtomicLong lastInvalidAt = new AtomicLong();
  private volatile DiskQueue queue;
  private volatile BooleanSupplier siteConnected = () -> false;
  private volatile BooleanSupplier centralConnected = () -> false;

  private static <E extends Enum<E>> Map<E, LongAdder> counters(Class<E> type) {
    Map<E, LongAdder> m = new EnumMap<>(type);
    for (E e : type.getEnumConstants()) {
      m.put(e, new LongAdder());
    }
    return m;
  }

  public void bind(
      DiskQueue queue, BooleanSupplier siteConnected, BooleanSupplier centralConnected) {
    this.queue = queue;
    this.siteConnected = siteConnected;
    this.centralConnected = centralConnected;
  }

  public void received(Topics.Kind kind) {
    received.get(kind).increment();
  }

  public void rateLimited(Topics.Kind kind) {
    rateLimited.get(kind).increment();
  }

  public void enqueued(Lane lane) {
    enqueued.get(lane).increment();
  }

  public void published(Lane lane) {
    published.get(lane).increment();
  }

  public void invalid(long atMillis) {
    invalid.increment();
    lastInvalidAt.set(atMillis);
  }

  public void undefinedBits(int n) {
    undefinedBits.add(n);
  }

  public void staleFrame() {
    staleFrames.increment();
  }

  public void publishFailure() {
    publishFailures.increment();
  }

  /** A consistent-enough view of every metric. */
  public MetricsSnapshot snapshot(long nowMillis) {
    DiskQueue q = queue;
    return new MetricsSnapshot(
        sum(received, Topics.Kind.ALARM),
        sum(received, Topics.Kind.TELEMETRY),
        sum(rateLimited, Topics.Kind.ALARM),
        sum(rateLimited, Topics.Kind.TELEMETRY),
        invalid.sum(),
        undefinedBits.sum(),
        staleFrames.sum(),
        sum(enqueued, Lane.ALARM),
        sum(enqueued, Lane.TELEMETRY),
        sum(published, Lane.ALARM),
        sum(published, Lane.TELEMETRY),
        publishFailures.sum(),
        q == null ? 0 : q.droppedTelemetry(),
        q == null ? 0 : q.alarmsRefused(),
        q == null ? 0 : q.truncatedBytes(),
        q == null ? 0 : q.depth(Lane.ALARM),
        q == null ? 0 : q.depth(Lane.TELEMETRY),
        q == null ? 0 : q.bytes(),
        q == null ? 0 : q.maxBytes(),
        q == null
            ? 0
            : q.oldestEnqueuedAtMillis().map(t -> Math.max(0, nowMillis - t)).orElse(0L) / 1000.0,
        siteConnected.getAsBoolean(),
        centralConnected.getAsBoolean());
  }

  private static <E> long sum(Map<E, LongAdder> m, E key) {
    return m.get(key).sum();
  }

  /** Prometheus text exposition format 0.0.4. */
  public static String prometheus(MetricsSnapshot s) {
    StringBuilder b = new StringBuilder();
    counter(
        b,
        "pdm_gateway_received_total",
        "Device messages received",
        "kind",
        Map.of("alarm", s.receivedAlarmFrames(), "telemetry", s.receivedTelemetry()));
    counter(
        b,
        "pdm_gateway_rate_limited_total",
        "Device messages over their device's budget",
        "kind",
        Map.of("alarm", s.rateLimitedAlarmFrames(), "telemetry", s.rateLimitedTelemetry()));
    counter(
        b,
        "pdm_gateway_invalid_total",
        "Device messages sent to the dead letter",
        null,
        Map.of("", s.invalid()));
    counter(
        b,
        "pdm_gateway_undefined_bits_total",
        "Changed SunSpec bits the catalogue does not define",
        null,
        Map.of("", s.undefinedBits()));
    counter(
        b,
        "pdm_gateway_stale_frames_total",
        "Alarm frames not newer than the device's last one (redeliveries), ignored",
        null,
        Map.of("", s.staleFrames()));
    counter(
        b,
        "pdm_gateway_enqueued_total",
        "Events stored in the disk queue",
        "lane",
        Map.of("alarm", s.enqueuedAlarms(), "telemetry", s.enqueuedTelemetry()));
    counter(
        b,
        "pdm_gateway_published_total",
        "Events acknowledged by the central broker",
        "lane",
        Map.of("alarm", s.publishedAlarms(), "telemetry", s.publishedTelemetry()));
    counter(
        b,
        "pdm_gateway_publish_failures_total",
        "Publishes that failed and will be resent",
        null,
        Map.of("", s.publishFailures()));
    counter(
        b,
        "pdm_gateway_dropped_total",
        "Queue entries dropped or refused, by reason",
        "reason",
        Map.of(
            "disk_budget_telemetry", s.droppedTelemetry(),
            "disk_budget_alarm_deferred", s.alarmsDeferred()));
    counter(
        b,
        "pdm_gateway_truncated_bytes_total",
        "Torn queue bytes cut off at start",
        null,
        Map.of("", s.truncatedBytes()));
    gauge(
        b,
        "pdm_gateway_queue_depth",
        "Events in the queue: unsent, unconfirmed, or confirmed within the last 5 s",
        "lane",
        Map.of("alarm", (double) s.queuedAlarms(), "telemetry", (double) s.queuedTelemetry()));
    gauge(
        b,
        "pdm_gateway_queue_bytes",
        "Disk used by the queue",
        null,
        Map.of("", (double) s.queueBytes()));
    gauge(
        b,
        "pdm_gateway_queue_max_bytes",
        "Disk budget of the queue",
        null,
        Map.of("", (double) s.queueMaxBytes()));
    gauge(
        b,
        "pdm_gateway_oldest_queued_age_seconds",
        "Age of the oldest queued event (about 5 s while the uplink keeps up)",
        null,
        Map.of("", s.oldestQueuedAgeSeconds()));
    gauge(
        b,
        "pdm_gateway_connected",
        "1 while connected to the broker",
        "broker",
        Map.of("site", s.siteConnected() ? 1.0 : 0.0, "central", s.centralConnected() ? 1.0 : 0.0));
    return b.toString();
  }

  private static void counter(
      StringBuilder b, String name, String help, String label, Map<String, Long> values) {
    header(b, name, help, "counter");
    new java.util.TreeMap<>(values).forEach((k, v) -> line(b, name, label, k, Long.toString(v)));
  }

  private static void gauge(
      StringBuilder b, String name, String help, String label, Map<String, Double> values) {
    header(b, name, help, "gauge");
    new java.util.TreeMap<>(values)
        .forEach((k, v) -> line(b, name, label, k, String.format(Locale.ROOT, "%s", v)));
  }

  private static void header(StringBuilder b, String name, String help, String type) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void line(StringBuilder b, String name, String label, String key, String value) {
    b.append(name);
    if (label != null) {
      b.append('{').append(label).append("=\"").append(key).append("\"}");
    }
    b.append(' ').append(value).append('\n');
  }
}
