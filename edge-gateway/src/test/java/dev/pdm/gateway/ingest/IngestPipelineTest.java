package dev.pdm.gateway.ingest;

import static dev.pdm.gateway.fixtures.DeviceFrames.charger;
import static dev.pdm.gateway.fixtures.DeviceFrames.inverter;
import static dev.pdm.gateway.fixtures.DeviceFrames.json;
import static dev.pdm.gateway.fixtures.DeviceFrames.telemetry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.pdm.gateway.adapter.Normaliser;
import dev.pdm.gateway.adapter.SiteResolver;
import dev.pdm.gateway.metrics.GatewayMetrics;
import dev.pdm.gateway.queue.DiskQueue;
import dev.pdm.gateway.queue.Lane;
import dev.pdm.gateway.queue.QueuedEvent;
import dev.pdm.gateway.ratelimit.TokenBuckets;
import dev.pdm.gateway.state.DeviceStateStore;
import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.codec.DeadLetter;
import dev.pdm.model.codec.EventCodec;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.AlarmState;
import dev.pdm.model.event.Metrics;
import dev.pdm.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestPipelineTest {

  private static final String SITE = "site-3";
  private static final long NOW = 1_770_000_000_000L;

  @TempDir Path dir;
  private final AtomicInteger acks = new AtomicInteger();
  private final GatewayMetrics metrics = new GatewayMetrics();
  private final List<AutoCloseable> open = new ArrayList<>();
  private DiskQueue queue;
  private DeviceStateStore states;
  private IngestPipeline pipeline;

  private void startPipeline(double telemetryBurst) {
    startPipeline(1000, telemetryBurst);
  }

  private void startPipeline(double alarmBurst, double telemetryBurst) {
    startPipeline(alarmBurst, telemetryBurst, topic -> true);
  }

  private void startPipeline(
      double alarmBurst, double telemetryBurst, java.util.function.Predicate<String> takes) {
    queue = DiskQueue.open(dir.resolve("queue"), 1 << 20, 64 * 1024);
    states = DeviceStateStore.open(dir.resolve("state"));
    pipeline =
        new IngestPipeline(
            new Normaliser(SiteResolver.fixed(SITE), AlarmCatalogue.standard()),
            states,
            queue,
            metrics,
            new TokenBuckets(1e-9, alarmBurst, () -> 0L),
            new TokenBuckets(1e-9, telemetryBurst, () -> 0L),
            "gateway-" + SITE,
            1,
            true,
            () -> NOW,
            takes);
    metrics.bind(queue, () -> true, () -> false);
    open.add(0, states);
    open.add(0, queue);
    open.add(0, pipeline);
  }

  /** Stops without acknowledging anything more, like a process that went away. */
  private void stopPipeline() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    open.clear();
  }

  @AfterEach
  void tearDown() throws Exception {
    stopPipeline();
  }

  @Test
  void alarmEdgesAreQueuedOnTheCentralAlarmTopicBeforeTheDeviceMessageIsAcknowledged()
      throws Exception {
    startPipeline(10);
    accept("devices/inverter/INV-1/alarm", json(inverter("INV-1", 0b101, 1)));
    await().untilAsserted(() -> assertThat(acks).hasValue(1));
    List<QueuedEvent> queued = drain();
    assertThat(queued)
        .extracting(QueuedEvent::lane, QueuedEvent::topic, QueuedEvent::qos)
        .containsOnly(tuple(Lane.ALARM, Topics.central(SITE, "INV-1", Topics.Kind.ALARM), 1));
    assertThat(queued)
        .extracting(e -> EventCodec.decodeAlarm(e.payload()).code())
        .containsExactly("sunspec-inv:GROUND_FAULT", "sunspec-inv:AC_DISCONNECT");
  }

  @Test
  void telemetryIsQueuedOnTheCentralTelemetryTopic() throws Exception {
    startPipeline(10);
    accept(
        "devices/inverter/INV-1/telemetry",
        json(telemetry("INV-1", 1, Map.of(Metrics.AC_POWER_W, 5000.0))));
    await().untilAsserted(() -> assertThat(acks).hasValue(1));
    QueuedEvent e = queue.next();
    assertThat(e.topic()).isEqualTo(Topics.central(SITE, "INV-1", Topics.Kind.TELEMETRY));
    assertThat(EventCodec.decodeTelemetry(e.payload()).metric(Metrics.AC_POWER_W))
        .isEqualTo(5000.0);
  }

  @Test
  void anInvalidMessageBecomesACountedDeadLetterWithItsReasonAndOthersStillFlow() throws Exception {
    startPipeline(10);
    accept("devices/inverter/INV-2/alarm", json(inverter("INV-1", 1, 1)));
    accept("devices/inverter/INV-3/alarm", "{\"sn\":".getBytes(StandardCharsets.UTF_8));
    accept("devices/charger/CHG-1/alarm", json(charger("CHG-1", 1, "GroundFailure", 1)));
    await().untilAsserted(() -> assertThat(acks).hasValue(3));
    List<QueuedEvent> queued = drain();
    assertThat(queued.get(0).lane()).isEqualTo(Lane.ALARM);
    assertThat(EventCodec.decodeAlarm(queued.get(0).payload()).code())
        .isEqualTo("ocpp16:GroundFailure");
    List<DeadLetter> letters =
        queued.stream()
            .filter(e -> e.topic().equals(Topics.deadLetter("gateway-" + SITE)))
            .map(e -> read(e.payload()))
            .toList();
    assertThat(letters).hasSize(2);
    assertThat(letters.get(0).topic()).isEqualTo("devices/inverter/INV-2/alarm");
    assertThat(letters.get(0).reason()).contains("differs from the topic's serial");
    assertThat(letters.get(0).source()).isEqualTo("gateway-" + SITE);
    assertThat(letters.get(1).reason()).contains("not valid JSON");
    assertThat(metrics.snapshot(NOW).invalid()).isEqualTo(2);
  }

  @Test
  void aRestartedGatewayNeitherRaisesAgainNorMissesAClear() throws Exception {
    startPipeline(10);
    accept("devices/inverter/INV-1/alarm", json(inverter("INV-1", 0b11, 1)));
    accept("devices/charger/CHG-1/alarm", json(charger("CHG-1", 2, "HighTemperature", 1)));
    await().untilAsserted(() -> assertThat(acks).hasValue(2));
    assertThat(drain()).hasSize(3);
    stopPipeline();

    startPipeline(10);
    accept("devices/inverter/INV-1/alarm", json(inverter("INV-1", 0b10, 2)));
    accept("devices/charger/CHG-1/alarm", json(charger("CHG-1", 2, "HighTemperature", 2)));
    accept("devices/charger/CHG-1/alarm", json(charger("CHG-1", 2, "NoError", 3)));
    await().untilAsserted(() -> assertThat(acks).hasValue(5));
    assertThat(drain())
        .extracting(e -> EventCodec.decodeAlarm(e.payload()))
        .extracting(AlarmEvent::code, AlarmEvent::state)
        .containsExactly(
            tuple("sunspec-inv:GROUND_FAULT", AlarmState.CLEARED),
            tuple("ocpp16:HighTemperature", AlarmState.CLEARED));
  }

  @Test
  void telemetryOverItsDevicesBudgetIsDroppedCountedAndAcknowledged() throws Exception {
    startPipeline(2);
    for (int i = 0; i < 5; i++) {
      accept(
          "devices/inverter/INV-1/telemetry",
          json(telemetry("INV-1", i, Map.of(Metrics.AC_POWER_W, 1.0))));
    }
    accept(
        "devices/inverter/INV-2/telemetry",
        json(telemetry("INV-2", 1, Map.of(Metrics.AC_POWER_W, 1.0))));
    await().untilAsserted(() -> assertThat(acks).hasValue(6));
    assertThat(drain())
        .extracting(QueuedEvent::topic)
        .containsExactly(
            Topics.central(SITE, "INV-1", Topics.Kind.TELEMETRY),
            Topics.central(SITE, "INV-1", Topics.Kind.TELEMETRY),
            Topics.central(SITE, "INV-2", Topics.Kind.TELEMETRY));
    assertThat(metrics.snapshot(NOW).rateLimitedTelemetry()).isEqualTo(3);
  }

  @Test
  void alarmFramesOverBudgetAreSkippedSoTheNextAdmittedFrameCarriesTheLastingChange()
      throws Exception {
    startPipeline(2, 10);
    accept("devices/inverter/INV-1/alarm", json(inverter("INV-1", 0b0, 1)));
    accept("devices/inverter/INV-1/alarm", json(inverter("INV-1", 0b1, 2)));
    accept("devices/inverter/INV-1/alarm", json(inverter("INV-1", 0b11, 3)));
    accept("devices/inverter/INV-2/alarm", json(inverter("INV-2", 0b100, 1)));
    await().untilAsserted(() -> assertThat(acks).hasValue(4));
    assertThat(drain())
        .extracting(e -> EventCodec.decodeAlarm(e.payload()))
        .extracting(AlarmEvent::serial, AlarmEvent::code, AlarmEvent::seq)
        .containsExactly(
            tuple("INV-1", "sunspec-inv:GROUND_FAULT", 2L),
            tuple("INV-2", "sunspec-inv:AC_DISCONNECT", 1L));
    assertThat(metrics.snapshot(NOW).rateLimitedAlarmFrames()).isEqualTo(1);
  }

  @Test
  void aMessageForAnotherGatewayIsAcknowledgedButNeitherCountedNorQueued() throws Exception {
    startPipeline(1000, 10, topic -> !topic.contains("/INV-OTHER/"));
    accept("devices/inverter/INV-OTHER/alarm", json(inverter("INV-OTHER", 0b1, 1)));
    accept("devices/inverter/INV-OTHER/alarm", "{\"sn\":".getBytes(StandardCharsets.UTF_8));
    accept(
        "devices/inverter/INV-OTHER/telemetry",
        json(telemetry("INV-OTHER", 1, Map.of(Metrics.AC_POWER_W, 1.0))));
    accept("devices/inverter/INV-1/alarm", json(inverter("INV-1", 0b1, 1)));
    await().untilAsserted(() -> assertThat(acks).hasValue(4));
    assertThat(drain())
        .extracting(QueuedEvent::topic)
        .containsExactly(Topics.central(SITE, "INV-1", Topics.Kind.ALARM));
    assertThat(metrics.snapshot(NOW).receivedAlarmFrames()).isEqualTo(1);
    assertThat(metrics.snapshot(NOW).receivedTelemetry()).isZero();
    assertThat(metrics.snapshot(NOW).invalid()).isZero();
    assertThat(states.get("INV-OTHER")).isNull();
  }

  private void accept(String topic, byte[] payload) throws InterruptedException {
    pipeline.accept(topic, payload, acks::incrementAndGet);
  }

  private List<QueuedEvent> drain() {
    List<QueuedEvent> out = new ArrayList<>();
    QueuedEvent e;
    while ((e = queue.next()) != null) {
      out.add(e);
      queue.ack(e);
    }
    return out;
  }

  private static DeadLetter read(byte[] payload) {
    try {
      return EventCodec.mapper().readValue(payload, DeadLetter.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
