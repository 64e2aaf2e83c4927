package dev.pdm.stream.pipeline;

import static dev.pdm.stream.pipeline.PipelineHarness.alarms;
import static dev.pdm.stream.pipeline.PipelineHarness.awaitFlowing;
import static dev.pdm.stream.pipeline.PipelineHarness.incidentIds;
import static dev.pdm.stream.pipeline.PipelineHarness.onTheirTopics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pdm.model.event.AlarmEvent;
import dev.pdm.testsupport.MosquittoBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End-to-end figure of the pipeline: alarms published with QoS 1 to a private Mosquitto, through
 * source, decoding, a pass-through correlation and the incident sink, back to a subscriber. Prints
 * throughput and publish-to-incident latency; asserts only that every alarm arrived. Runs only with
 * {@code -Dpdm.bench=true}; {@code -Dpdm.bench.alarms} and {@code -Dpdm.bench.receive-maximum}
 * change the load and the readers' window.
 */
@EnabledIfSystemProperty(named = "pdm.bench", matches = "true")
class PipelineBenchmarkIT {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @Test
  void alarmsFlowFromPublisherToIncidentSubscriber() throws Exception {
    int count = Integer.getInteger("pdm.bench.alarms", 20_000);
    int receiveMaximum = Integer.getInteger("pdm.bench.receive-maximum", 1000);
    try (MosquittoBroker broker = MosquittoBroker.start();
        MqttTestClient outside = new MqttTestClient(broker.url(), "bench-outside")) {
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(2);
      env.enableCheckpointing(1000);
      JobClient job =
          PipelineHarness.job(
                  PipelineHarness.settings(broker.url(), receiveMaximum),
                  PassThroughCorrelation.create())
              .executeAsync(env);
      try {
        awaitFlowing(outside);
        List<AlarmEvent> warmUp = alarms("WARM", 2000, 50);
        outside.publish(onTheirTopics(warmUp));
        await()
            .atMost(Duration.ofMinutes(5))
            .until(() -> outside.incidentIds.containsAll(incidentIds(warmUp)));

        List<AlarmEvent> alarms = alarms("BENCH", count, 500);
        List<String> ids = incidentIds(alarms);
        Map<String, Long> sentAt = new HashMap<>();
        long start = System.nanoTime();
        for (int from = 0; from < count; from += 100) {
          List<AlarmEvent> chunk = alarms.subList(from, Math.min(count, from + 100));
          long now = System.nanoTime();
          for (String id : incidentIds(chunk)) {
            sentAt.put(id, now);
          }
          outside.publish(onTheirTopics(chunk));
        }
        long published = System.nanoTime();
        await()
            .atMost(Duration.ofMinutes(10))
            .untilAsserted(() -> assertThat(outside.incidentIds).containsAll(ids));
        long last = ids.stream().mapToLong(outside.firstSeenNanos::get).max().orElseThrow();

        List<Long> latencies = new ArrayList<>();
        for (String id : ids) {
          latencies.add(outside.firstSeenNanos.get(id) - sentAt.get(id));
        }
        latencies.sort(null);
        System.out.printf(
            "BENCH alarms=%d receiveMaximum=%d parallelism=2 checkpoint=1s: publish %.0f/s,"
                + " end-to-end %.0f alarms/s, latency p50=%d ms p99=%d ms max=%d ms,"
                + " incident messages received %d for %d distinct%n",
            count,
            receiveMaximum,
            count / seconds(published - start),
            count / seconds(last - start),
            millis(latencies.get(latencies.size() / 2)),
            millis(latencies.get((int) (latencies.size() * 0.99))),
            millis(latencies.get(latencies.size() - 1)),
            outside.incidentMessages.get(),
            outside.incidentIds.size());
      } finally {
        job.cancel().get();
      }
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
  }
}
