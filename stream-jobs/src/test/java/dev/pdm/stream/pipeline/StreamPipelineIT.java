package dev.pdm.stream.pipeline;

import static dev.pdm.stream.pipeline.PipelineHarness.alarms;
import static dev.pdm.stream.pipeline.PipelineHarness.awaitFlowing;
import static dev.pdm.stream.pipeline.PipelineHarness.incidentIds;
import static dev.pdm.stream.pipeline.PipelineHarness.onTheirTopics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pdm.model.codec.DeadLetter;
import dev.pdm.model.codec.EventCodec;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.topic.Topics;
import dev.pdm.stream.job.Correlation;
import dev.pdm.stream.job.Events;
import dev.pdm.stream.mqtt.MqttRecord;
import dev.pdm.stream.mqtt.MqttSettings;
import dev.pdm.testsupport.MosquittoBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job end to end on a MiniCluster at parallelism 2 against a private Mosquitto: every alarm
 * published with QoS 1 comes out as an incident, through a task crash and a broker kill -9.
 */
class StreamPipelineIT {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final Duration DELIVERY = Duration.ofSeconds(90);

  private MosquittoBroker broker;
  private MqttTestClient outside;
  private JobClient job;

  @BeforeEach
  void startBroker() throws Exception {
    broker = MosquittoBroker.start();
    outside = new MqttTestClient(broker.url(), "it-outside");
    FailOnce.reset();
    Gate.reset();
  }

  @AfterEach
  void stopAll() throws Exception {
    Gate.open();
    if (job != null) {
      job.cancel().get();
    }
    outside.close();
    broker.close();
  }

  private void run(MqttSettings settings, Correlation correlation) throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    env.enableCheckpointing(500);
    job = PipelineHarness.job(settings, correlation).executeAsync(env);
    awaitFlowing(outside);
  }

  @Test
  void everyAlarmReachesTheIncidentTopicAndInvalidMessagesTheDeadLetterTopic() throws Exception {
    // A window far smaller than the volume: only acknowledgements after checkpoints let it through.
    run(PipelineHarness.settings(broker.url(), 50), PassThroughCorrelation.create());
    List<AlarmEvent> alarms = alarms("INV", 1000, 25);
    String badJson = Topics.central(Events.SITE, "INV-BAD1", Topics.Kind.ALARM);
    String wrongSerial = Topics.central(Events.SITE, "INV-BAD2", Topics.Kind.ALARM);
    List<MqttRecord> invalid =
        List.of(
            new MqttRecord(badJson, "{\"serial\":".getBytes(StandardCharsets.UTF_8)),
            new MqttRecord(wrongSerial, EventCodec.encode(Events.groundFault("INV-OTHER", 1))));
    List<MqttRecord> telemetry = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      telemetry.add(Events.onItsTopic(Events.heatsink("INV-0001", i, 40 + i * 0.1)));
    }

    outside.publish(onTheirTopics(alarms.subList(0, 500)));
    outside.publish(invalid);
    outside.publish(telemetry);
    outside.publish(onTheirTopics(alarms.subList(500, 1000)));

    await()
        .atMost(DELIVERY)
        .untilAsserted(() -> assertThat(outside.incidentIds).containsAll(incidentIds(alarms)));
    await()
        .atMost(DELIVERY)
        .untilAsserted(
            () ->
                assertThat(outside.deadLetters)
                    .extracting(DeadLetter::topic)
                    .contains(badJson, wrongSerial));
    assertThat(outside.deadLetters)
        .allSatisfy(l -> assertThat(l.topic()).isIn(badJson, wrongSerial))
        .anySatisfy(l -> assertThat(l.field()).isEqualTo("serial"))
        .anySatisfy(l -> assertThat(l.reason()).startsWith("not valid JSON"));
  }

  @Test
  void aTaskCrashReplaysFromTheLastCheckpointAndLosesNoAlarm() throws Exception {
    run(
        PipelineHarness.settings(broker.url(), 200),
        PassThroughCorrelation.create(alarms -> alarms.map(new FailOnce(400)).name("fail-once")));
    List<AlarmEvent> alarms = alarms("CRASH", 1000, 20);

    outside.publish(onTheirTopics(alarms));

    await()
        .atMost(DELIVERY)
        .untilAsserted(() -> assertThat(outside.incidentIds).containsAll(incidentIds(alarms)));
    assertThat(FailOnce.FAILED).isTrue();
  }

  @Test
  void aBrokerKilledMidStreamLosesNoAlarm() throws Exception {
    run(
        PipelineHarness.settings(broker.url(), 1000),
        PassThroughCorrelation.create(alarms -> alarms.map(new Gate("KILL", 500)).name("gate")));
    List<AlarmEvent> alarms = alarms("KILL", 1400, 30);
    List<AlarmEvent> before = alarms.subList(0, 200);
    List<AlarmEvent> during = alarms.subList(200, 1200);
    List<AlarmEvent> after = alarms.subList(1200, 1400);

    outside.publish(onTheirTopics(before));
    await()
        .atMost(DELIVERY)
        .untilAsserted(() -> assertThat(outside.incidentIds).containsAll(incidentIds(before)));

    // The gate stops the pipeline after 300 of these: the rest sits unacknowledged in the readers'
    // sessions and queues, with no checkpoint able to complete.
    outside.publish(onTheirTopics(during));
    await().atMost(DELIVERY).until(Gate::reached);
    // What the broker acknowledged is on disk: a kill -9 within Mosquitto's autosave interval
    // loses accepted messages by design (see config/mosquitto/mosquitto.conf), not by the job.
    FileTime held = FileTime.from(Instant.now());
    await().atMost(DELIVERY).until(() -> broker.lastSaved().compareTo(held) > 0);
    List<String> duringIds = incidentIds(during);
    assertThat(outside.incidentIds)
        .as("still in flight when the broker dies")
        .doesNotContainAnyElementsOf(duringIds.subList(900, 1000));
    broker.kill();
    broker.restart();
    Gate.open();
    outside.reconnect();
    // Mosquitto 2.0 restores sessions, queues and plain subscriptions from its store, but not
    // shared
    // subscriptions: until the readers have subscribed again, the group has no members.
    awaitFlowing(outside);
    outside.publish(onTheirTopics(after));

    await()
        .atMost(DELIVERY)
        .untilAsserted(
            () -> {
              assertThat(outside.incidentIds).as("before").containsAll(incidentIds(before));
              assertThat(outside.incidentIds).as("during").containsAll(duringIds);
              assertThat(outside.incidentIds).as("after").containsAll(incidentIds(after));
            });
  }
}
