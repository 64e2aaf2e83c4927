package dev.pdm.stream.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.model.batchrisk.BatchRiskSignal;
import dev.pdm.model.batchrisk.BatchRiskStatus;
import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.catalogue.AlarmCode;
import dev.pdm.model.codec.EventCodec;
import dev.pdm.model.device.CustomerTier;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.device.DeviceFacts;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.AlarmState;
import dev.pdm.model.event.Metrics;
import dev.pdm.model.event.TelemetryReading;
import dev.pdm.model.incident.Incident;
import dev.pdm.model.incident.IncidentStatus;
import dev.pdm.model.incident.SuppressedSymptom;
import dev.pdm.model.registry.DeviceRegistryFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole correlation topology on a Flink MiniCluster at parallelism 2, fed out of order, with
 * late events and redeliveries: what the job wiring gets from {@link CorrelationTopology#build}.
 */
class CorrelationTopologyIT {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final Instant T0 = Instant.parse("2026-05-04T09:00:00Z");
  private static final Duration OUT_OF_ORDERNESS = Duration.ofMinutes(2);
  private static final String GROUND_FAULT = "sunspec-inv:GROUND_FAULT";

  @TempDir Path dir;
  private long seq;

  @Test
  void correlatesOutOfOrderAndLateInputIntoIncidentsAndABatchSignal() throws Exception {
    Path registry = dir.resolve("registry.csv");
    DeviceRegistryFiles.writeCsv(registry, registry());

    AlarmEvent firstRaise = alarm("B-OK-inv-1", GROUND_FAULT, AlarmState.RAISED, T0, "site-a");
    List<AlarmEvent> alarms = new ArrayList<>();
    alarms.add(firstRaise);
    // The symptom arrives before its cause; both within the out-of-orderness bound.
    alarms.add(
        alarm("B-OK-inv-3", "sunspec-inv:AC_UNDER_VOLT", AlarmState.RAISED, at(65), "site-a"));
    alarms.add(
        alarm("B-OK-inv-2", "sunspec-inv:GRID_DISCONNECT", AlarmState.RAISED, at(60), "site-a"));
    alarms.add(alarm("X-inv-9", "sunspec-inv:DC_OVER_VOLT", AlarmState.RAISED, at(120), "site-b"));
    // The clear overtakes a repeat raise of the same fault.
    alarms.add(alarm("B-OK-inv-1", GROUND_FAULT, AlarmState.CLEARED, at(180), "site-a"));
    alarms.add(alarm("B-OK-inv-1", GROUND_FAULT, AlarmState.RAISED, at(30), "site-a"));
    // Eight devices of one batch develop the same failure over the morning.
    for (int i = 0; i < 8; i++) {
      alarms.add(
          alarm("B-BAD-inv-" + i, GROUND_FAULT, AlarmState.RAISED, at(600 + i * 600), "site-c"));
    }
    // Late (behind the watermark, within the allowed lateness) and a redelivered duplicate.
    alarms.add(alarm("B-OK-inv-6", GROUND_FAULT, AlarmState.RAISED, at(2400), "site-a"));
    alarms.add(firstRaise);

    List<TelemetryReading> telemetry = new ArrayList<>();
    for (int s = -300; s <= 0; s += 60) {
      telemetry.add(reading("B-OK-inv-1", at(s)));
    }

    Outputs run = run(alarms, telemetry, registry);
    List<Incident> incidents = run.incidents();
    List<BatchRiskSignal> signals = run.signals();
    List<TelemetryReading> enriched = run.enriched();

    Map<String, List<Incident>> bySerial =
        incidents.stream().collect(Collectors.groupingBy(Incident::serial));
    bySerial.values().forEach(CorrelationTopologyIT::assertVersionsIncrease);

    List<Incident> groundFault = bySerial.get("B-OK-inv-1");
    assertThat(groundFault)
        .extracting(Incident::incidentId)
        .containsOnly(groundFault.get(0).incidentId());
    Incident finalGroundFault = groundFault.get(groundFault.size() - 1);
    assertThat(finalGroundFault.status()).isEqualTo(IncidentStatus.CLEARED);
    assertThat(finalGroundFault.occurrences()).isEqualTo(2);
    assertThat(finalGroundFault.batch()).isEqualTo("B-OK");

    assertThat(bySerial).doesNotContainKey("B-OK-inv-3");
    Incident grid = last(bySerial.get("B-OK-inv-2"));
    assertThat(grid.suppressed())
        .extracting(SuppressedSymptom::serial, SuppressedSymptom::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("B-OK-inv-3", "sunspec-inv:AC_UNDER_VOLT"));

    assertThat(last(bySerial.get("X-inv-9")).batch())
        .as("unknown serial keeps batch null")
        .isNull();
    assertThat(last(bySerial.get("B-OK-inv-6")).firstSeen()).isEqualTo(at(2400));
    for (int i = 0; i < 8; i++) {
      assertThat(bySerial.get("B-BAD-inv-" + i)).extracting(Incident::batch).containsOnly("B-BAD");
    }

    // One episode: opened by the eight failures, ended once the end of the input moved event time
    // past the window that holds them.
    assertThat(signals)
        .extracting(BatchRiskSignal::signalId)
        .containsOnly(signals.get(0).signalId());
    assertThat(signals)
        .filteredOn(s -> s.status() == BatchRiskStatus.ACTIVE)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.batch()).isEqualTo("B-BAD");
              assertThat(s.failureMode()).isEqualTo("insulation");
              assertThat(s.affectedDevices()).isEqualTo(8);
              assertThat(s.population()).isEqualTo(200);
            });
    assertThat(signals.get(signals.size() - 1).status()).isEqualTo(BatchRiskStatus.ENDED);

    assertThat(enriched)
        .hasSize(telemetry.size())
        .extracting(TelemetryReading::batch)
        .containsOnly("B-OK");
  }

  @Test
  void aSiteFlushingHoursOfBufferAfterTheOtherSitesMovedOnIsCorrelatedInItsOwnTime()
      throws Exception {
    Path registry = dir.resolve("registry.csv");
    DeviceRegistryFiles.writeCsv(registry, registry());
    List<AlarmEvent> alarms = new ArrayList<>();
    List<TelemetryReading> telemetry = new ArrayList<>();
    // site-y reports for five hours while site-x's gateway is offline after its first reading
    telemetry.add(reading("X-x-meter", at(0), "site-x"));
    for (int m = 0; m <= 300; m += 5) {
      telemetry.add(reading("Y-y-meter", at(m * 60L), "site-y"));
      if (m % 60 == 30) {
        alarms.add(alarm("Y-y-1", GROUND_FAULT, AlarmState.RAISED, at(m * 60L), "site-y"));
        alarms.add(alarm("Y-y-1", GROUND_FAULT, AlarmState.CLEARED, at(m * 60L + 60), "site-y"));
      }
    }
    // then site-x's gateway flushes its alarm lane: a fault at 1 h cleared at 1 h 20, one at 3 h
    alarms.add(alarm("X-x-1", GROUND_FAULT, AlarmState.RAISED, at(3600), "site-x"));
    alarms.add(alarm("X-x-1", GROUND_FAULT, AlarmState.CLEARED, at(4800), "site-x"));
    alarms.add(alarm("X-x-2", "sunspec-inv:DC_OVER_VOLT", AlarmState.RAISED, at(10800), "site-x"));

    Map<String, List<Incident>> bySerial =
        run(alarms, telemetry, registry).incidents().stream()
            .collect(Collectors.groupingBy(Incident::serial));

    bySerial.values().forEach(CorrelationTopologyIT::assertVersionsIncrease);
    assertThat(bySerial.get("X-x-1"))
        .extracting(Incident::status, Incident::firstSeen, Incident::clearedAt)
        .containsExactly(
            Tuple.tuple(IncidentStatus.ACTIVE, at(3600), null),
            Tuple.tuple(IncidentStatus.CLEARED, at(3600), at(4800)));
    assertThat(bySerial.get("X-x-2")).extracting(Incident::firstSeen).first().isEqualTo(at(10800));
    assertThat(bySerial.get("Y-y-1"))
        .filteredOn(i -> i.status() == IncidentStatus.CLEARED)
        .hasSize(5);
  }

  private record Outputs(
      List<Incident> incidents, List<BatchRiskSignal> signals, List<TelemetryReading> enriched) {}

  /** The topology at parallelism 2 over the inputs, each from one source in the given order. */
  private static Outputs run(
      List<AlarmEvent> alarms, List<TelemetryReading> telemetry, Path registry) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    DataStream<AlarmEvent> alarmStream =
        env.fromData(alarms, WireTypes.ALARM)
            .setParallelism(1)
            .assignTimestampsAndWatermarks(
                punctuated((AlarmEvent a, long ts) -> a.deviceTime().toEpochMilli()))
            .setParallelism(1);
    DataStream<TelemetryReading> telemetryStream =
        env.fromData(telemetry, WireTypes.TELEMETRY)
            .setParallelism(1)
            .assignTimestampsAndWatermarks(
                punctuated((TelemetryReading r, long ts) -> r.deviceTime().toEpochMilli()))
            .setParallelism(1);

    CorrelationOutputs outputs =
        CorrelationTopology.build(
            alarmStream, telemetryStream, CorrelationConfig.defaults(registry));

    DataStream<String> all =
        outputs
            .incidents()
            .map((MapFunction<Incident, String>) i -> "I" + EventCodec.encodeToString(i))
            .returns(Types.STRING)
            .union(
                outputs
                    .batchRisk()
                    .map(
                        (MapFunction<BatchRiskSignal, String>)
                            b -> "B" + EventCodec.encodeToString(b))
                    .returns(Types.STRING),
                outputs
                    .enrichedTelemetry()
                    .map(
                        (MapFunction<TelemetryReading, String>)
                            t -> "T" + EventCodec.encodeToString(t))
                    .returns(Types.STRING));

    Outputs out = new Outputs(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    try (CloseableIterator<String> results = all.executeAndCollect("correlation-it")) {
      results.forEachRemaining(
          line -> {
            byte[] json = line.substring(1).getBytes(StandardCharsets.UTF_8);
            switch (line.charAt(0)) {
              case 'I' -> out.incidents().add(EventCodec.decodeIncident(json));
              case 'B' -> out.signals().add(EventCodec.decodeBatchRisk(json));
              default -> out.enriched().add(EventCodec.decodeTelemetry(json));
            }
          });
    }

    return out;
  }

  private static void assertVersionsIncrease(List<Incident> versions) {
    Map<String, List<Incident>> byId =
        versions.stream().collect(Collectors.groupingBy(Incident::incidentId));
    for (List<Incident> one : byId.values()) {
      for (int v = 0; v < one.size(); v++) {
        assertThat(one.get(v).version()).isEqualTo(v + 1);
      }
    }
  }

  private static Incident last(List<Incident> list) {
    assertThat(list).isNotEmpty();
    return list.get(list.size() - 1);
  }

  private static Instant at(long secondsAfterT0) {
    return T0.plusSeconds(secondsAfterT0);
  }

  /** A watermark after every element: deterministic lateness for a single-threaded source. */
  private static <T> WatermarkStrategy<T> punctuated(
      org.apache.flink.api.common.eventtime.SerializableTimestampAssigner<T> time) {
    return WatermarkStrategy.<T>forGenerator(
            ctx ->
                new WatermarkGenerator<T>() {
                  private long max = Long.MIN_VALUE + OUT_OF_ORDERNESS.toMillis() + 1;

                  @Override
                  public void onEvent(T event, long timestamp, WatermarkOutput output) {
                    max = Math.max(max, timestamp);
                    output.emitWatermark(new Watermark(max - OUT_OF_ORDERNESS.toMillis()));
                  }

                  @Override
                  public void onPeriodicEmit(WatermarkOutput output) {}
                })
        .withTimestampAssigner((event, ts) -> time.extractTimestamp(event, ts));
  }

  private AlarmEvent alarm(String serial, String code, AlarmState state, Instant at, String site) {
    AlarmCode entry = AlarmCatalogue.standard().get(code);
    return AlarmEvent.of(
        serial,
        DeviceClass.INVERTER,
        "SUN-10K",
        "1.2.0",
        code,
        null,
        state,
        entry.defaultSeverity(),
        at,
        ++seq,
        site,
        null);
  }

  private TelemetryReading reading(String serial, Instant at) {
    return reading(serial, at, "site-a");
  }

  private TelemetryReading reading(String serial, Instant at, String site) {
    return TelemetryReading.of(
        serial,
        DeviceClass.INVERTER,
        "SUN-10K",
        "1.2.0",
        at,
        ++seq,
        site,
        null,
        Map.of(
            Metrics.HEATSINK_TEMP_C, 45.0, Metrics.LOAD_PCT, 70.0, Metrics.AMBIENT_TEMP_C, 20.0));
  }

  private static List<DeviceFacts> registry() {
    List<DeviceFacts> devices = new ArrayList<>();
    for (String batch : List.of("B-BAD", "B-OK")) {
      for (int i = 0; i < 200; i++) {
        devices.add(
            new DeviceFacts(
                batch + "-inv-" + i,
                DeviceClass.INVERTER,
                "SUN-10K",
                "1.2.0",
                batch,
                "site-a",
                "Site A",
                "Zhejiang",
                "East",
                "Asia/Shanghai",
                "cust-1",
                "Customer One",
                CustomerTier.GOLD,
                LocalDate.of(2025, 1, 1),
                LocalDate.of(2030, 1, 1)));
      }
    }
    return devices;
  }
}
