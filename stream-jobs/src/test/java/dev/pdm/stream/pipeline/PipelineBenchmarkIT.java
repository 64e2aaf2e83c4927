package dev.pdm.stream.pipeline;

import static dev.pdm.stream.pipeline.PipelineHarness.alarms;
import static dev.pdm.stream.pipeline.PipelineHarness.awaitFlowing;
import static dev.pdm.stream.pipeline.PipelineHarness.incidentIds;
import static dev.pdm.stream.pipeline.PipelineHarness.onTheirTopics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pdm.model.device.CustomerTier;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.device.DeviceFacts;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.EventIds;
import dev.pdm.model.event.TelemetryReading;
import dev.pdm.model.registry.DeviceRegistryFiles;
import dev.pdm.stream.correlation.CorrelationConfig;
import dev.pdm.stream.job.Correlation;
import dev.pdm.stream.job.Events;
import dev.pdm.stream.mqtt.MqttRecord;
import dev.pdm.testsupport.MosquittoBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end figures of the pipeline: several QoS 1 publishers (one per simulated site uplink) into
 * a private Mosquitto, through source, decoding, a pass-through correlation (one incident per
 * alarm) and the incident sink, back to a subscriber; telemetry ends in a counting sink. Prints
 * figures; asserts only that every event arrived. Runs only with {@code -Dpdm.bench=true}.
 *
 * <p>Properties: {@code pdm.bench.publishers} (4), {@code pdm.bench.parallelism} (2), {@code
 * pdm.bench.receive-maximum} (10000); throughput: {@code pdm.bench.events} (200000), {@code
 * pdm.bench.alarm-share} (0.1); latency: {@code pdm.bench.alarm-rate} (1000/s), {@code
 * pdm.bench.telemetry-rate} (0/s), {@code pdm.bench.seconds} (30).
 */
@EnabledIfSystemProperty(named = "pdm.bench", matches = "true")
class PipelineBenchmarkIT {

  private static final int PARALLELISM = Integer.getInteger("pdm.bench.parallelism", 2);
  private static final int PUBLISHERS = Integer.getInteger("pdm.bench.publishers", 4);
  private static final int RECEIVE_MAXIMUM =
      Integer.getInteger("pdm.bench.receive-maximum", 10_000);
  private static final int DEVICES_PER_SITE = 500;

  /**
   * {@code pass-through} (default): one incident per alarm, so delivery and latency are counted
   * exactly. {@code production}: the real correlation, predictive detectors and batch risk with a
   * registry of the bench's devices; then throughput is counted on the telemetry leaving the job.
   */
  private static final boolean PRODUCTION =
      "production".equals(System.getProperty("pdm.bench.correlation", "pass-through"));

  /** Checkpoint interval ({@code pdm.bench.checkpoint-ms}, 1000) and alignment. */
  private static final long CHECKPOINT_MS = Long.getLong("pdm.bench.checkpoint-ms", 1000);

  private static final boolean UNALIGNED = Boolean.getBoolean("pdm.bench.unaligned");

  @TempDir static Path dir;

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(PARALLELISM)
              .build());

  /** Publishers as fast as the broker acknowledges; the job's delivery rate over the middle. */
  @Test
  void sustainedThroughputWithConcurrentPublishers() throws Exception {
    int events = Integer.getInteger("pdm.bench.events", 200_000);
    double alarmShare = Double.parseDouble(System.getProperty("pdm.bench.alarm-share", "0.1"));
    List<Load> loads = new ArrayList<>();
    int alarmCount = 0;
    for (int p = 0; p < PUBLISHERS; p++) {
      Load load = Load.mixed(p, events / PUBLISHERS, alarmShare, 0);
      loads.add(load);
      alarmCount += load.alarmIds.size();
    }
    int total = loads.stream().mapToInt(l -> l.records.size()).sum();
    String counter = "bench-telemetry-" + System.nanoTime();
    AtomicLong telemetry = CountingSink.count(counter);

    int telemetryTotal = total - alarmCount;

    try (MosquittoBroker broker = MosquittoBroker.start();
        MqttTestClient outside = new MqttTestClient(broker.url(), "bench-outside")) {
      JobClient job = start(broker, counter);
      try {
        if (PRODUCTION) {
          awaitFlowing(outside);
          Load warm = Load.mixed(PUBLISHERS, 20_000, alarmShare, 9);
          outside.publish(warm.records);
          long warmTelemetry = warm.records.size() - warm.alarmIds.size();
          await().atMost(Duration.ofMinutes(5)).until(() -> telemetry.get() >= warmTelemetry);
          telemetry.set(0);
        } else {
          warmUp(outside);
        }
        long warmIncidents = outside.incidentIds.size();
        long start = System.nanoTime();
        Publishing publishing = Publishing.start(broker, loads, 0);
        // Delivered events sampled every 100 ms: the rate is taken between 20 % and 80 % of the
        // total, so ramp-up and the last stragglers do not count.
        List<long[]> samples = new ArrayList<>();
        long expectedTotal = PRODUCTION ? telemetryTotal : total;
        await()
            .atMost(Duration.ofMinutes(15))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () -> {
                  long delivered =
                      PRODUCTION
                          ? telemetry.get()
                          : (outside.incidentIds.size() - warmIncidents) + telemetry.get();
                  samples.add(new long[] {System.nanoTime(), delivered});
                  return delivered >= expectedTotal;
                });
        long end = samples.get(samples.size() - 1)[0];
        List<BenchPublisher> publishers = publishing.await();
        long publishedAt = publishers.stream().mapToLong(b -> b.finishedNanos).max().orElseThrow();
        if (!PRODUCTION) {
          for (Load l : loads) {
            assertThat(outside.incidentIds).containsAll(l.alarmIds);
          }
        }
        assertThat(telemetry.get()).isEqualTo(telemetryTotal);
        // In production mode only telemetry is counted; alarms travel interleaved with it, so
        // the event rate is the telemetry rate scaled by the mix.
        double scale = PRODUCTION ? (double) total / telemetryTotal : 1;
        System.out.printf(
            "BENCH throughput correlation=%s publishers=%d parallelism=%d receiveMaximum=%d"
                + " checkpoint=%d ms unaligned=%s"
                + " events=%d (alarms %d, telemetry %d): publish %.0f/s, end-to-end %.0f events/s,"
                + " sustained (20..80 %%) %.0f events/s%n",
            PRODUCTION ? "production" : "pass-through",
            PUBLISHERS,
            PARALLELISM,
            RECEIVE_MAXIMUM,
            CHECKPOINT_MS,
            UNALIGNED,
            total,
            alarmCount,
            total - alarmCount,
            total / seconds(publishedAt - start),
            total / seconds(end - start),
            scale * middleRate(samples, expectedTotal));
      } finally {
        job.cancel().get();
      }
    }
  }

  /** Alarms (and optionally telemetry) paced to a rate; publish-to-incident latency. */
  @Test
  void latencyAtAPacedAlarmRate() throws Exception {
    int alarmRate = Integer.getInteger("pdm.bench.alarm-rate", 1000);
    int telemetryRate = Integer.getInteger("pdm.bench.telemetry-rate", 0);
    int secondsToRun = Integer.getInteger("pdm.bench.seconds", 30);
    double rate = alarmRate + telemetryRate;
    double alarmShare = alarmRate / rate;
    int perPublisher = (int) (rate * secondsToRun / PUBLISHERS);
    List<Load> loads = new ArrayList<>();
    for (int p = 0; p < PUBLISHERS; p++) {
      loads.add(Load.mixed(p, perPublisher, alarmShare, 1));
    }
    String counter = "bench-telemetry-" + System.nanoTime();

    try (MosquittoBroker broker = MosquittoBroker.start();
        MqttTestClient outside = new MqttTestClient(broker.url(), "bench-outside")) {
      JobClient job = start(broker, counter);
      try {
        warmUp(outside);
        List<BenchPublisher> publishers =
            Publishing.start(broker, loads, rate / PUBLISHERS).await();
        List<String> all = new ArrayList<>();
        loads.forEach(l -> all.addAll(l.alarmIds));
        await()
            .atMost(Duration.ofMinutes(10))
            .untilAsserted(() -> assertThat(outside.incidentIds).containsAll(all));
        List<Long> latencies = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
          Load l = loads.get(p);
          BenchPublisher b = publishers.get(p);
          for (int k = 0; k < l.alarmIds.size(); k++) {
            long sent = b.sentAtNanos[l.alarmIndexes.get(k)];
            latencies.add(outside.firstSeenNanos.get(l.alarmIds.get(k)) - sent);
          }
        }
        latencies.sort(null);
        System.out.printf(
            "BENCH latency publishers=%d parallelism=%d receiveMaximum=%d checkpoint=%d ms unaligned=%s"
                + " alarms %d/s + telemetry %d/s for %d s (%d alarms): publish-to-incident"
                + " p50=%d ms p90=%d ms p99=%d ms max=%d ms%n",
            PUBLISHERS,
            PARALLELISM,
            RECEIVE_MAXIMUM,
            CHECKPOINT_MS,
            UNALIGNED,
            alarmRate,
            telemetryRate,
            secondsToRun,
            latencies.size(),
            millis(percentile(latencies, 0.5)),
            millis(percentile(latencies, 0.9)),
            millis(percentile(latencies, 0.99)),
            millis(latencies.get(latencies.size() - 1)));
      } finally {
        job.cancel().get();
      }
    }
  }

  private static JobClient start(MosquittoBroker broker, String telemetryCounter) throws Exception {
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.ENABLE_UNALIGNED, UNALIGNED);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(PARALLELISM);
    env.enableCheckpointing(CHECKPOINT_MS);
    return PipelineHarness.job(
            PipelineHarness.settings(broker.url(), RECEIVE_MAXIMUM),
            PRODUCTION
                ? Correlation.of(CorrelationConfig.defaults(registry()))
                : PassThroughCorrelation.create(),
            new CountingSink<>(telemetryCounter))
        .executeAsync(env);
  }

  /** Every device the loads use, in ten batches, so enrichment and batch risk do their work. */
  private static Path registry() {
    List<DeviceFacts> devices = new ArrayList<>();
    for (int site = 0; site <= PUBLISHERS; site++) {
      for (int round : new int[] {0, 1, 9}) {
        for (int i = 0; i < DEVICES_PER_SITE; i++) {
          devices.add(
              new DeviceFacts(
                  Load.serial(site, round, i),
                  DeviceClass.INVERTER,
                  "SG110CX",
                  "1.0.3",
                  "B2026-0" + (i % 10),
                  Load.site(site),
                  "Site One",
                  "Jiangsu",
                  "East",
                  "Asia/Shanghai",
                  "C-1",
                  "Customer One",
                  CustomerTier.GOLD,
                  LocalDate.of(2025, 8, 1),
                  LocalDate.of(2030, 8, 1)));
        }
      }
    }
    Path file = dir.resolve("bench-registry.csv");
    DeviceRegistryFiles.writeCsv(file, devices);
    return file;
  }

  private static void warmUp(MqttTestClient outside) throws Exception {
    awaitFlowing(outside);
    List<AlarmEvent> warmUp = alarms("WARM", 5000, 50);
    outside.publish(onTheirTopics(warmUp));
    await()
        .atMost(Duration.ofMinutes(5))
        .until(() -> outside.incidentIds.containsAll(incidentIds(warmUp)));
  }

  /** The publisher threads of a run, one connection per site. */
  private record Publishing(List<BenchPublisher> publishers, List<Thread> threads) {

    static Publishing start(MosquittoBroker broker, List<Load> loads, double perSecondEach) {
      List<BenchPublisher> publishers = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int p = 0; p < loads.size(); p++) {
        BenchPublisher b =
            new BenchPublisher(
                broker.url(), "bench-site-" + p, loads.get(p).records, perSecondEach);
        publishers.add(b);
        Thread t = new Thread(b, "bench-site-" + p);
        threads.add(t);
        t.start();
      }
      return new Publishing(publishers, threads);
    }

    List<BenchPublisher> await() throws InterruptedException {
      for (Thread t : threads) {
        t.join();
      }
      for (BenchPublisher b : publishers) {
        if (b.failure != null) {
          throw new AssertionError("publisher failed", b.failure);
        }
      }
      return publishers;
    }
  }

  /**
   * The messages of one site: telemetry and ground-fault alarms interleaved evenly, every alarm
   * with its own device time, so that the pass-through gives each its own incident id.
   */
  private record Load(List<MqttRecord> records, List<String> alarmIds, List<Integer> alarmIndexes) {

    static Load mixed(int site, int count, double alarmShare, int round) {
      List<MqttRecord> records = new ArrayList<>(count);
      List<String> alarmIds = new ArrayList<>();
      List<Integer> alarmIndexes = new ArrayList<>();
      double owed = 0;
      for (int i = 0; i < count; i++) {
        String serial = serial(site, round, i % DEVICES_PER_SITE);
        owed += alarmShare;
        if (owed >= 1) {
          owed -= 1;
          AlarmEvent a = onSite(Events.groundFault(serial, i), site);
          alarmIds.add(EventIds.incidentId(a.serial(), a.code(), a.deviceTime()));
          alarmIndexes.add(records.size());
          records.add(Events.onItsTopic(a));
        } else {
          TelemetryReading t = onSite(Events.heatsink(serial, i, 40 + (i % 200) / 10.0), site);
          records.add(Events.onItsTopic(t));
        }
      }
      return new Load(records, alarmIds, alarmIndexes);
    }

    /** Each publisher is one site's uplink; the correlation is keyed by site. */
    static String site(int site) {
      return "bench-site-" + site;
    }

    static AlarmEvent onSite(AlarmEvent a, int site) {
      return AlarmEvent.of(
          a.serial(),
          a.deviceClass(),
          a.model(),
          a.firmware(),
          a.code(),
          a.vendorCode(),
          a.state(),
          a.severity(),
          a.deviceTime(),
          a.seq(),
          site(site),
          null);
    }

    static TelemetryReading onSite(TelemetryReading t, int site) {
      return TelemetryReading.of(
          t.serial(),
          t.deviceClass(),
          t.model(),
          t.firmware(),
          t.deviceTime(),
          t.seq(),
          site(site),
          null,
          t.metrics());
    }

    static String serial(int site, int round, int device) {
      return String.format("S%d-R%d-%04d", site, round, device);
    }
  }

  private static double middleRate(List<long[]> samples, long total) {
    long[] from = null;
    long[] to = null;
    for (long[] s : samples) {
      if (from == null && s[1] >= total * 0.2) {
        from = s;
      }
      if (to == null && s[1] >= total * 0.8) {
        to = s;
      }
    }
    if (from == null || to == null || to[0] == from[0]) {
      return Double.NaN;
    }
    return (to[1] - from[1]) / seconds(to[0] - from[0]);
  }

  private static long percentile(List<Long> sorted, double q) {
    return sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * q)));
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
  }
}
