package dev.pdm.stream.pipeline;

import static dev.pdm.stream.pipeline.PipelineHarness.alarms;
import static dev.pdm.stream.pipeline.PipelineHarness.incidentIds;
import static dev.pdm.stream.pipeline.PipelineHarness.onTheirTopics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pdm.model.device.CustomerTier;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.device.DeviceFacts;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.registry.DeviceRegistryFiles;
import dev.pdm.stream.job.Events;
import dev.pdm.stream.job.StreamJobConfig;
import dev.pdm.stream.job.StreamJobMain;
import dev.pdm.testsupport.MosquittoBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production wiring ({@link StreamJobMain#production}) with the real correlation and a device
 * registry: MQTT in, incidents with the registry's batch out.
 */
class ProductionTopologyIT {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @TempDir Path dir;

  @Test
  void eachRaisedAlarmOfARegisteredDeviceBecomesAnIncidentWithItsBatch() throws Exception {
    List<AlarmEvent> alarms = alarms("PROD", 40, 40);
    // Much later events on other devices move event time past the alarms above.
    List<AlarmEvent> later = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      later.add(Events.groundFault(String.format("TICK-%02d", i), 86_400 + i));
    }
    List<DeviceFacts> registry = new ArrayList<>();
    for (AlarmEvent a : alarms) {
      registry.add(device(a.serial(), "B2025-07"));
    }
    for (AlarmEvent a : later) {
      registry.add(device(a.serial(), "B2025-01"));
    }
    for (AlarmEvent a : probes(0)) {
      registry.add(device(a.serial(), "B2025-01"));
    }
    Path registryFile = dir.resolve("registry.csv");
    DeviceRegistryFiles.writeCsv(registryFile, registry);

    try (MosquittoBroker broker = MosquittoBroker.start();
        MqttTestClient outside = new MqttTestClient(broker.url(), "prod-outside")) {
      StreamJobConfig config =
          StreamJobConfig.parse(
              "--registry.path", registryFile.toString(),
              "--mqtt.url", broker.url(),
              "--mqtt.client-prefix", "prod",
              "--watermark.out-of-orderness-ms", "1000",
              "--watermark.idleness-ms", "2000");
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(2);
      env.enableCheckpointing(500);
      JobClient job = StreamJobMain.production(config).executeAsync(env);
      try {
        // Probes an hour earlier in event time: one comes out once both readers are subscribed
        // and a later round has moved event time past it.
        List<String> probeIds = new ArrayList<>();
        int[] round = {0};
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  List<AlarmEvent> probes = probes(round[0]++);
                  probeIds.addAll(incidentIds(probes));
                  outside.publish(onTheirTopics(probes));
                  return outside.incidentIds.stream().anyMatch(probeIds::contains);
                });
        outside.publish(onTheirTopics(alarms));
        outside.publish(onTheirTopics(later));

        await()
            .atMost(Duration.ofSeconds(90))
            .untilAsserted(() -> assertThat(outside.incidentIds).containsAll(incidentIds(alarms)));
        for (String id : incidentIds(alarms)) {
          assertThat(outside.latestIncidents.get(id).batch()).isEqualTo("B2025-07");
        }
      } finally {
        job.cancel().get();
      }
    }
  }

  /** Ten probes per round, one second apart per round, an hour before the alarms. */
  private static List<AlarmEvent> probes(int round) {
    List<AlarmEvent> probes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      AlarmEvent a = Events.groundFault(String.format("PRB-%02d", i), round);
      probes.add(
          AlarmEvent.of(
              a.serial(),
              a.deviceClass(),
              a.model(),
              a.firmware(),
              a.code(),
              null,
              a.state(),
              a.severity(),
              Events.T0.minusSeconds(3600 - round),
              round,
              a.site(),
              null));
    }
    return probes;
  }

  private static DeviceFacts device(String serial, String batch) {
    return new DeviceFacts(
        serial,
        DeviceClass.INVERTER,
        "SG110CX",
        "1.0.3",
        batch,
        Events.SITE,
        "Site One",
        "Jiangsu",
        "East",
        "Asia/Shanghai",
        "C-1",
        "Customer One",
        CustomerTier.GOLD,
        LocalDate.of(2025, 8, 1),
        LocalDate.of(2030, 8, 1));
  }
}
