package dev.pdm.stream.pipeline;

import static dev.pdm.stream.pipeline.PipelineHarness.alarms;
import static dev.pdm.stream.pipeline.PipelineHarness.awaitFlowing;
import static dev.pdm.stream.pipeline.PipelineHarness.incidentIds;
import static dev.pdm.stream.pipeline.PipelineHarness.onTheirTopics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pdm.model.event.AlarmEvent;
import dev.pdm.stream.job.LatestCheckpoint;
import dev.pdm.stream.job.StreamJob;
import dev.pdm.stream.job.StreamJobConfig;
import dev.pdm.stream.job.StreamJobMain;
import dev.pdm.testsupport.MosquittoBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's way of running the job: in-process, checkpoints retained in a local directory,
 * stopped by cancelling, started again from the newest retained checkpoint.
 */
class RunLocalIT {

  private static final Duration DELIVERY = Duration.ofSeconds(90);

  @TempDir Path checkpoints;
  private MosquittoBroker broker;
  private MqttTestClient outside;
  private JobClient running;

  @BeforeEach
  void start() throws Exception {
    broker = MosquittoBroker.start();
    outside = new MqttTestClient(broker.url(), "local-outside");
  }

  @AfterEach
  void stop() throws Exception {
    if (running != null) {
      running.cancel().get();
    }
    outside.close();
    broker.close();
  }

  @Test
  void aCancelledJobResumesFromItsLastRetainedCheckpointAndLosesNothingPublishedMeanwhile()
      throws Exception {
    StreamJobConfig config =
        StreamJobConfig.parse(
            "--registry.path", "unused-by-the-stand-in",
            "--mqtt.url", broker.url(),
            "--mqtt.client-prefix", "local",
            "--mqtt.receive-maximum", "200",
            "--checkpoint.interval-ms", "500",
            "--checkpoint.dir", checkpoints.toString(),
            "--parallelism", "2");
    List<AlarmEvent> alarms = alarms("LOCAL", 1000, 20);
    List<AlarmEvent> whileRunning = alarms.subList(0, 500);
    List<AlarmEvent> whileStopped = alarms.subList(500, 1000);

    running = StreamJobMain.runLocal(config, job(config));
    awaitFlowing(outside);
    outside.publish(onTheirTopics(whileRunning));
    await()
        .atMost(DELIVERY)
        .untilAsserted(
            () -> assertThat(outside.incidentIds).containsAll(incidentIds(whileRunning)));
    await().atMost(DELIVERY).until(() -> LatestCheckpoint.in(checkpoints).isPresent());
    running.cancel().get();
    running = null;
    Path retained = LatestCheckpoint.in(checkpoints).orElseThrow();

    outside.publish(onTheirTopics(whileStopped));
    running = StreamJobMain.runLocal(config, job(config));

    await()
        .atMost(DELIVERY)
        .untilAsserted(() -> assertThat(outside.incidentIds).containsAll(incidentIds(alarms)));
    // Checkpoint ids continue from the restored one, in the new run's own directory.
    await()
        .atMost(DELIVERY)
        .untilAsserted(
            () -> {
              Path latest = LatestCheckpoint.in(checkpoints).orElseThrow();
              assertThat(latest.getParent()).isNotEqualTo(retained.getParent());
              assertThat(number(latest)).isGreaterThan(number(retained));
            });
  }

  private static StreamJob job(StreamJobConfig config) {
    return new StreamJob(
        StreamJobMain.source(config),
        StreamJobMain.sinks(config),
        PassThroughCorrelation.create(),
        new StreamJob.Watermarks(config.watermarkOutOfOrderness(), config.watermarkIdleness()));
  }

  private static long number(Path checkpoint) {
    return Long.parseLong(checkpoint.getFileName().toString().substring("chk-".length()));
  }
}
