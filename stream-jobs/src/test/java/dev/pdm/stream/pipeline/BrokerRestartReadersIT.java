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
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The central broker is killed with SIGKILL and restarted on its store while the job's readers are
 * away, and alarms are published before they come back. Mosquitto 2.0 restores the readers'
 * sessions but not shared subscriptions (see {@code BrokerRestartSubscriptionsIT}), so what the job
 * reads with one plain-subscribing reader must all arrive, and parallel readers, whose sessions
 * come back without their subscriptions, must at least subscribe again.
 */
class BrokerRestartReadersIT {

  private static final Duration DELIVERY = Duration.ofSeconds(90);

  @TempDir Path checkpoints;
  private MosquittoBroker broker;
  private MqttTestClient outside;
  private JobClient running;

  @BeforeEach
  void start() throws Exception {
    broker = MosquittoBroker.start();
    outside = new MqttTestClient(broker.url(), "restart-outside");
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
  void aSingleReaderConsumesEverythingPublishedBetweenTheBrokerRestartAndItsReturn()
      throws Exception {
    StreamJobConfig config = config("1");
    List<AlarmEvent> alarms = alarms("AWAY", 600, 20);
    List<AlarmEvent> before = alarms.subList(0, 100);
    List<AlarmEvent> whileAway = alarms.subList(100, 600);

    running = StreamJobMain.runLocal(config, job(config));
    awaitFlowing(outside);
    outside.publish(onTheirTopics(before));
    await()
        .atMost(DELIVERY)
        .untilAsserted(() -> assertThat(outside.incidentIds).containsAll(incidentIds(before)));
    await().atMost(DELIVERY).until(() -> LatestCheckpoint.in(checkpoints).isPresent());
    running.cancel().get();
    running = null;

    killAfterTheNextSave();
    outside.reconnect();
    // Nobody reads now: only the restored session can keep these.
    outside.publish(onTheirTopics(whileAway));
    running = StreamJobMain.runLocal(config, job(config));

    await()
        .atMost(DELIVERY)
        .untilAsserted(() -> assertThat(outside.incidentIds).containsAll(incidentIds(whileAway)));
  }

  @Test
  void aSingleReaderLosesNothingPublishedRightAfterTheBrokerCameBack() throws Exception {
    StreamJobConfig config = config("1");
    List<AlarmEvent> alarms = alarms("BACK", 600, 20);

    running = StreamJobMain.runLocal(config, job(config));
    awaitFlowing(outside);
    killAfterTheNextSave();
    outside.reconnect();
    // Whether the reader has reconnected yet or not, these must all come out.
    outside.publish(onTheirTopics(alarms));

    await()
        .atMost(DELIVERY)
        .untilAsserted(() -> assertThat(outside.incidentIds).containsAll(incidentIds(alarms)));
  }

  @Test
  void parallelReadersWhoseSessionsCameBackWithoutSubscriptionsSubscribeAgain() throws Exception {
    StreamJobConfig config = config("2");
    List<AlarmEvent> alarms = alarms("RESUB", 400, 20);

    running = StreamJobMain.runLocal(config, job(config));
    awaitFlowing(outside);
    await().atMost(DELIVERY).until(() -> LatestCheckpoint.in(checkpoints).isPresent());
    running.cancel().get();
    running = null;
    killAfterTheNextSave();
    outside.reconnect();

    // The sessions are present but their shared subscriptions are gone.
    running = StreamJobMain.runLocal(config, job(config));
    awaitFlowing(outside);
    outside.publish(onTheirTopics(alarms));

    await()
        .atMost(DELIVERY)
        .untilAsserted(() -> assertThat(outside.incidentIds).containsAll(incidentIds(alarms)));
  }

  /**
   * SIGKILL once the broker has saved its store (a kill within the autosave interval loses sessions
   * by the broker's design, which is not what this test is about), then restart it.
   */
  private void killAfterTheNextSave() {
    FileTime now = FileTime.from(Instant.now());
    await().atMost(DELIVERY).until(() -> broker.lastSaved().compareTo(now) > 0);
    broker.kill();
    broker.restart();
  }

  private StreamJobConfig config(String readers) {
    return StreamJobConfig.parse(
        "--registry.path", "unused-by-the-stand-in",
        "--mqtt.url", broker.url(),
        "--mqtt.client-prefix", "restart",
        "--mqtt.receive-maximum", "200",
        "--mqtt.readers", readers,
        "--checkpoint.interval-ms", "500",
        "--checkpoint.dir", checkpoints.toString(),
        "--parallelism", "2");
  }

  private static StreamJob job(StreamJobConfig config) {
    return new StreamJob(
            StreamJobMain.source(config),
            StreamJobMain.sinks(config),
            PassThroughCorrelation.create(),
            new StreamJob.Watermarks(config.watermarkOutOfOrderness(), config.watermarkIdleness()))
        .withSourceParallelism(config.sourceParallelism());
  }
}
