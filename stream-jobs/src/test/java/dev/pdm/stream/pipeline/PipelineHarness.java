package dev.pdm.stream.pipeline;

import static org.awaitility.Awaitility.await;

import dev.pdm.model.codec.DeadLetter;
import dev.pdm.model.codec.EventCodec;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.EventIds;
import dev.pdm.model.event.TelemetryReading;
import dev.pdm.model.topic.Topics;
import dev.pdm.stream.job.Correlation;
import dev.pdm.stream.job.DecodeCentralMessages;
import dev.pdm.stream.job.Events;
import dev.pdm.stream.job.StreamJob;
import dev.pdm.stream.mqtt.MqttRecord;
import dev.pdm.stream.mqtt.MqttSettings;
import dev.pdm.stream.mqtt.MqttSink;
import dev.pdm.stream.mqtt.MqttSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/** Builds pipeline-test jobs against a given broker and the alarms they are fed. */
public final class PipelineHarness {

  public static final String GROUP = "it";
  private static final AtomicInteger PROBES = new AtomicInteger();

  private PipelineHarness() {}

  public static MqttSettings settings(String url, int receiveMaximum) {
    return new MqttSettings(url, null, null, "it", receiveMaximum, 3600);
  }

  /** The job with MQTT source and sinks, the given correlation, telemetry discarded. */
  public static StreamJob job(MqttSettings settings, Correlation correlation) {
    return job(settings, correlation, new DiscardingSink<>());
  }

  /** The same with the enriched telemetry going to {@code telemetrySink}. */
  public static StreamJob job(
      MqttSettings settings, Correlation correlation, Sink<TelemetryReading> telemetrySink) {
    MqttSource source =
        new MqttSource(
            settings.withClientPrefix("it-source"),
            GROUP,
            List.of(Topics.CENTRAL_ALARMS_FILTER, Topics.CENTRAL_TELEMETRY_FILTER));
    String deadLetterTopic = Topics.deadLetter(DecodeCentralMessages.SOURCE_NAME);
    StreamJob.Sinks sinks =
        new StreamJob.Sinks(
            MqttSink.json(settings.withClientPrefix("it-incidents"), Topics.INCIDENTS),
            MqttSink.json(settings.withClientPrefix("it-batch-risk"), Topics.BATCH_RISK),
            telemetrySink,
            new MqttSink<DeadLetter>(
                settings.withClientPrefix("it-dead-letters"),
                l -> new MqttRecord(deadLetterTopic, EventCodec.encode(l))));
    return new StreamJob(
        source,
        sinks,
        correlation,
        new StreamJob.Watermarks(Duration.ofSeconds(5), Duration.ofSeconds(5)));
  }

  /** {@code count} ground-fault alarms spread over {@code devices} inverters. */
  public static List<AlarmEvent> alarms(String prefix, int count, int devices) {
    List<AlarmEvent> alarms = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      alarms.add(Events.groundFault(String.format("%s-%04d", prefix, i % devices), i));
    }
    return alarms;
  }

  public static List<MqttRecord> onTheirTopics(List<AlarmEvent> alarms) {
    return alarms.stream().map(Events::onItsTopic).toList();
  }

  public static List<String> incidentIds(List<AlarmEvent> alarms) {
    return alarms.stream()
        .map(a -> EventIds.incidentId(a.serial(), a.code(), a.deviceTime()))
        .toList();
  }

  /**
   * Publishes probe alarms until one comes out as an incident: from then on the readers' shared
   * subscription exists, so nothing published later can fall on an empty group and be dropped.
   */
  public static void awaitFlowing(MqttTestClient outside) {
    Set<String> probes = ConcurrentHashMap.newKeySet();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              AlarmEvent probe = Events.groundFault("PROBE", PROBES.incrementAndGet());
              probes.addAll(incidentIds(List.of(probe)));
              outside.publish(List.of(Events.onItsTopic(probe)));
              return outside.incidentIds.stream().anyMatch(probes::contains);
            });
  }
}
