package dev.pdm.simulators.scenario;

import static dev.pdm.simulators.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.Metrics;
import dev.pdm.model.topic.Topics;
import dev.pdm.model.vendor.DeviceTelemetryFrame;
import dev.pdm.model.vendor.VendorCodec;
import dev.pdm.simulators.AlarmReplay;
import dev.pdm.simulators.AlarmReplay.Transition;
import dev.pdm.simulators.Fixtures;
import dev.pdm.simulators.Simulation;
import dev.pdm.simulators.SimulatorConfig;
import dev.pdm.simulators.fleet.SimDevice;
import dev.pdm.simulators.generator.DeviceMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenariosTest {

  @TempDir Path dir;

  /** Telemetry once a day: these tests are about alarms and are kept cheap. */
  SimulatorConfig.Builder alarmsOnly(String scenario) {
    return Fixtures.smallFleet(scenario, dir).telemetryPeriod(Duration.ofDays(1));
  }

  static List<Transition> transitions(Simulation s) {
    return AlarmReplay.replay(Fixtures.alarms(Fixtures.generateAll(s)));
  }

  @Test
  void defectiveBatchRaisesFarMoreOverTemperatureThanTheOtherBatches() {
    Simulation s =
        Simulation.plan(
            alarmsOnly("defective-bms-batch")
                .inverters(10)
                .batteries(1200)
                .chargers(10)
                .sites(20)
                .simDuration(Duration.ofDays(30))
                .build(),
            T0);
    GroundTruthFault batchFault = s.plan().of(FaultKind.DEFECTIVE_BATCH).get(0);
    Map<String, SimDevice> devices = s.fleet().bySerial();
    Map<String, Long> raisesPerBatch =
        transitions(s).stream()
            .filter(t -> t.raise() && t.code().equals("sunspec-bat:OVER_TEMP_WARNING"))
            .collect(
                Collectors.groupingBy(
                    t -> devices.get(t.serial()).facts().batch(), Collectors.counting()));
    Map<String, List<SimDevice>> batches = s.fleet().byBatch(DeviceClass.BMS);
    double defectiveRate =
        raisesPerBatch.get(batchFault.batch()) / (double) batches.get(batchFault.batch()).size();
    long otherRaises =
        raisesPerBatch.entrySet().stream()
            .filter(e -> !e.getKey().equals(batchFault.batch()))
            .mapToLong(Map.Entry::getValue)
            .sum();
    int otherPopulation = 1200 - batches.get(batchFault.batch()).size();
    double otherRate = otherRaises / (double) otherPopulation;

    assertThat(batches).hasSizeGreaterThan(3);
    assertThat(batchFault.expected()).isEqualTo(ExpectedOutcome.BATCH_PROBLEM);
    assertThat(defectiveRate).isGreaterThan(0.25);
    assertThat(defectiveRate).isGreaterThan(10 * Math.max(otherRate, 1.0 / otherPopulation));
    Set<String> alarmed =
        transitions(s).stream()
            .filter(t -> t.raise() && t.code().equals("sunspec-bat:OVER_TEMP_ALARM"))
            .map(Transition::serial)
            .collect(Collectors.toSet());
    assertThat(alarmed).containsExactlyInAnyOrderElementsOf(batchFault.serials());
  }

  @Test
  void flappingChargersOnTheBuggyFirmwareRaiseAndClearFlapCountTimes() {
    Simulation s =
        Simulation.plan(alarmsOnly("charger-firmware-flapping").chargers(80).build(), T0);
    List<GroundTruthFault> flapping = s.plan().of(FaultKind.FIRMWARE_FLAPPING);
    List<Transition> all = transitions(s);
    String firmware = flapping.get(0).firmware();

    assertThat(flapping).hasSizeGreaterThan(2);
    for (GroundTruthFault f : flapping) {
      assertThat(s.fleet().bySerial().get(f.serial()).facts().firmware()).isEqualTo(firmware);
      List<Transition> mine =
          all.stream()
              .filter(t -> t.serial().equals(f.serial()) && t.code().equals(FirmwareFlapping.CODE))
              .toList();
      assertThat(mine.stream().filter(Transition::raise)).hasSize(12);
      assertThat(mine.stream().filter(t -> !t.raise())).hasSize(12);
      assertThat(mine.get(0).ts()).isEqualTo(f.firstAlarmAt().toEpochMilli());
      assertThat(mine.get(mine.size() - 1).ts()).isEqualTo(f.endedAt().toEpochMilli());
      assertThat(f.raises()).isEqualTo(12);
      assertThat(f.expected()).isEqualTo(ExpectedOutcome.ONE_TICKET_FLAPPING);
    }
    assertThat(all)
        .filteredOn(t -> t.code().equals(FirmwareFlapping.CODE))
        .allSatisfy(
            t ->
                assertThat(s.fleet().bySerial().get(t.serial()).facts().firmware())
                    .isEqualTo(firmware));
  }

  @Test
  void gridOutageHitsEveryInverterAtTheSiteInOneFrameAndStopsTheirOutput() {
    Simulation s =
        Simulation.plan(
            Fixtures.smallFleet("site-grid-outage", dir)
                .simDuration(Duration.ofDays(2))
                .telemetryPeriod(Duration.ofMinutes(5))
                .build(),
            T0);
    GroundTruthFault outage = s.plan().of(FaultKind.SITE_GRID_OUTAGE).get(0);
    List<String> inverters =
        s.fleet().atSite(outage.site()).stream()
            .filter(d -> d.deviceClass() == DeviceClass.INVERTER)
            .map(SimDevice::serial)
            .toList();
    List<DeviceMessage> messages = Fixtures.generateAll(s);
    long start = outage.startedAt().toEpochMilli();
    long end = outage.endedAt().toEpochMilli();

    assertThat(outage.serials())
        .containsExactlyInAnyOrderElementsOf(inverters)
        .hasSizeGreaterThan(3);
    assertThat(outage.expected())
        .isEqualTo(ExpectedOutcome.SITE_OUTAGE_ONE_TICKET_PER_DEVICE_OR_SUPPRESSED);
    List<DeviceMessage> raiseFrames =
        Fixtures.alarms(messages).stream().filter(m -> m.deviceTimeMillis() == start).toList();
    assertThat(raiseFrames.stream().map(DeviceMessage::serial))
        .containsExactlyInAnyOrderElementsOf(inverters);
    assertThat(raiseFrames)
        .allSatisfy(
            m -> {
              var frame = VendorCodec.decodeSunSpec(m.payload());
              assertThat(frame.bitSet(4)).as("GRID_DISCONNECT").isTrue();
              assertThat(frame.bitSet(11)).as("AC_UNDER_VOLT").isTrue();
              assertThat(m.transitions()).isEqualTo(2);
            });
    assertThat(
            Fixtures.alarms(messages).stream()
                .filter(m -> m.deviceTimeMillis() == end)
                .map(m -> VendorCodec.decodeSunSpec(m.payload()))
                .filter(f -> !f.bitSet(4) && !f.bitSet(11))
                .map(f -> f.sn()))
        .containsExactlyInAnyOrderElementsOf(inverters);
    List<DeviceTelemetryFrame> during =
        messages.stream()
            .filter(m -> m.kind() == Topics.Kind.TELEMETRY && inverters.contains(m.serial()))
            .filter(m -> m.deviceTimeMillis() >= start && m.deviceTimeMillis() < end)
            .map(m -> VendorCodec.decodeTelemetry(m.payload()))
            .toList();
    assertThat(during).isNotEmpty();
    assertThat(during)
        .allSatisfy(
            f -> {
              assertThat(f.values().get(Metrics.AC_POWER_W)).isZero();
              assertThat(f.values().get(Metrics.AC_VOLTAGE_V)).isZero();
            });
  }

  @Test
  void degradingInvertersRunHotterAtEqualLoadDaysBeforeOverTempFires() {
    Simulation s =
        Simulation.plan(
            Fixtures.smallFleet("inverter-degradation", dir)
                .inverters(30)
                .batteries(0)
                .chargers(0)
                .sites(3)
                .simDuration(Duration.ofDays(10))
                .telemetryPeriod(Duration.ofMinutes(30))
                .build(),
            T0);
    List<GroundTruthFault> faults = s.plan().of(FaultKind.INVERTER_DEGRADATION);
    List<DeviceMessage> messages = Fixtures.generateAll(s);
    List<Transition> transitions = AlarmReplay.replay(Fixtures.alarms(messages));

    assertThat(faults).hasSize(3);
    for (GroundTruthFault f : faults) {
      long alarm = f.firstAlarmAt().toEpochMilli();
      assertThat(alarm - f.startedAt().toEpochMilli()).isGreaterThan(Duration.ofDays(5).toMillis());
      assertThat(transitions)
          .contains(new Transition(f.serial(), InverterDegradation.ALARM, true, alarm));
      double early = excessHeat(messages, f.serial(), f.startedAt().toEpochMilli(), 2);
      double late = excessHeat(messages, f.serial(), alarm - Duration.ofDays(2).toMillis(), 2);
      assertThat(late - early).as(f.serial()).isGreaterThan(10);
      assertThat(f.expected()).isEqualTo(ExpectedOutcome.PREDICTIVE_TICKET);
    }
    String healthy =
        s.fleet().of(DeviceClass.INVERTER).stream()
            .map(SimDevice::serial)
            .filter(serial -> faults.stream().noneMatch(f -> f.serial().equals(serial)))
            .findFirst()
            .orElseThrow();
    long from = faults.get(0).startedAt().toEpochMilli();
    long alarm = faults.get(0).firstAlarmAt().toEpochMilli();
    assertThat(
            Math.abs(
                excessHeat(messages, healthy, alarm - Duration.ofDays(2).toMillis(), 2)
                    - excessHeat(messages, healthy, from, 2)))
        .isLessThan(3);
  }

  /** Mean heat-sink temperature above what ambient and load explain, over daytime readings. */
  static double excessHeat(List<DeviceMessage> messages, String serial, long from, int days) {
    long to = from + Duration.ofDays(days).toMillis();
    return messages.stream()
        .filter(m -> m.serial().equals(serial) && m.kind() == Topics.Kind.TELEMETRY)
        .filter(m -> m.deviceTimeMillis() >= from && m.deviceTimeMillis() < to)
        .map(m -> VendorCodec.decodeTelemetry(m.payload()).values())
        .filter(v -> v.get(Metrics.LOAD_PCT) > 20)
        .mapToDouble(
            v ->
                v.get(Metrics.HEATSINK_TEMP_C)
                    - v.get(Metrics.AMBIENT_TEMP_C)
                    - 38 * v.get(Metrics.LOAD_PCT) / 100)
        .average()
        .orElseThrow();
  }

  @Test
  void quietMonthHasOnlyBriefMaintenanceNoiseThatShouldOpenNoTicket() {
    Simulation s =
        Simulation.plan(alarmsOnly("quiet-month").simDuration(Duration.ofDays(30)).build(), T0);

    assertThat(s.plan().faults()).hasSizeGreaterThan(10);
    assertThat(s.plan().faults())
        .allSatisfy(
            f -> {
              assertThat(f.kind()).isEqualTo(FaultKind.MAINTENANCE_NOISE);
              assertThat(f.expected()).isEqualTo(ExpectedOutcome.NO_TICKET);
              assertThat(Duration.between(f.startedAt(), f.endedAt()))
                  .isLessThanOrEqualTo(Duration.ofMinutes(15));
            });
    assertThat(transitions(s))
        .isNotEmpty()
        .allSatisfy(
            t ->
                assertThat(t.code())
                    .isIn(
                        "sunspec-inv:MANUAL_SHUTDOWN",
                        "sunspec-inv:CABINET_OPEN",
                        "sunspec-bat:OPEN_DOOR_ERROR"));
  }

  @Test
  void gatewayOfflineMarksOneSiteWindowOverTheNormalFaultMix() {
    Simulation s =
        Simulation.plan(
            alarmsOnly("gateway-offline")
                .params(ScenarioParams.defaults().withBackgroundFaultsPerDeviceDay(0.02))
                .build(),
            T0);
    List<GroundTruthFault> offline = s.plan().of(FaultKind.GATEWAY_OFFLINE);

    assertThat(offline).hasSize(1);
    GroundTruthFault window = offline.get(0);
    assertThat(s.fleet().sites().stream().map(x -> x.siteId())).contains(window.site());
    assertThat(window.endedAt()).isAfter(window.startedAt());
    assertThat(window.expected()).isEqualTo(ExpectedOutcome.NO_ALARM_LOST);
    assertThat(s.plan().of(FaultKind.BACKGROUND_FAULT)).hasSizeGreaterThan(5);
  }

  @Test
  void silentDevicesPublishNothingInTheirWindowAndResumeAfterIt() {
    Simulation s =
        Simulation.plan(
            Fixtures.smallFleet("devices-silent", dir)
                .simDuration(Duration.ofDays(2))
                .params(
                    new ScenarioParams(
                        0,
                        0,
                        null,
                        0.3,
                        null,
                        0.5,
                        12,
                        null,
                        Duration.ofHours(2),
                        3,
                        null,
                        Duration.ofHours(4),
                        4,
                        Duration.ofHours(6)))
                .build(),
            T0);
    List<GroundTruthFault> silent = s.plan().of(FaultKind.DEVICE_SILENT);
    List<DeviceMessage> messages = Fixtures.generateAll(s);

    assertThat(silent).hasSize(4);
    for (GroundTruthFault f : silent) {
      long start = f.startedAt().toEpochMilli();
      long end = f.endedAt().toEpochMilli();
      List<Long> times =
          messages.stream()
              .filter(m -> m.serial().equals(f.serial()))
              .map(DeviceMessage::deviceTimeMillis)
              .toList();
      assertThat(times).noneMatch(t -> t >= start && t < end);
      assertThat(times).anyMatch(t -> t < start);
      assertThat(times).anyMatch(t -> t >= end);
    }
  }

  @Test
  void everyPublishedRaiseBelongsToAGroundTruthFaultAndEveryFaultRaisesWhereItSays() {
    Simulation s =
        Simulation.plan(
            alarmsOnly("mixed")
                .params(ScenarioParams.defaults().withBackgroundFaultsPerDeviceDay(0.02))
                .build(),
            T0);
    List<Transition> raises = transitions(s).stream().filter(Transition::raise).toList();
    Map<String, List<GroundTruthFault>> bySerial =
        s.plan().faults().stream()
            .flatMap(f -> f.serials().stream().map(serial -> Map.entry(serial, f)))
            .collect(
                Collectors.groupingBy(
                    Map.Entry::getKey,
                    Collectors.mapping(Map.Entry::getValue, Collectors.toList())));

    assertThat(raises)
        .allSatisfy(
            t ->
                assertThat(bySerial.getOrDefault(t.serial(), List.of()))
                    .as("fault for %s", t)
                    .anySatisfy(
                        f -> {
                          assertThat(f.codes()).contains(t.code());
                          assertThat(t.ts())
                              .isBetween(f.startedAt().toEpochMilli(), f.endedAt().toEpochMilli());
                        }));
    for (GroundTruthFault f : s.plan().faults()) {
      if (f.firstAlarmAt() == null || f.kind() == FaultKind.DEFECTIVE_BATCH) {
        continue;
      }
      for (String serial : f.serials()) {
        assertThat(raises)
            .as("%s %s", f.faultId(), serial)
            .anyMatch(t -> t.serial().equals(serial) && t.ts() == f.firstAlarmAt().toEpochMilli());
      }
    }
  }

  @Test
  void composingScenariosKeepsEachScenarioFaultsWhereTheyWouldBeAlone() {
    SimulatorConfig alone = alarmsOnly("charger-firmware-flapping").build();
    SimulatorConfig composed = alarmsOnly("site-grid-outage+charger-firmware-flapping").build();
    FaultPlan a = Simulation.plan(alone, T0).plan();
    FaultPlan b = Simulation.plan(composed, T0).plan();

    assertThat(b.of(FaultKind.SITE_GRID_OUTAGE)).hasSize(1);
    assertThat(b.of(FaultKind.DEFECTIVE_BATCH)).isEmpty();
    assertThat(b.of(FaultKind.FIRMWARE_FLAPPING).stream().map(GroundTruthFault::startedAt))
        .containsExactlyElementsOf(
            a.of(FaultKind.FIRMWARE_FLAPPING).stream().map(GroundTruthFault::startedAt).toList());
  }

  @Test
  void unknownScenarioIsRejectedWithTheKnownNames() {
    assertThatThrownBy(() -> Scenarios.plan("nope", null, ScenarioParams.defaults(), 1, 0, 1))
        .hasMessageContaining("unknown scenario 'nope'")
        .hasMessageContaining(String.join(", ", Scenarios.known()));
  }

  @Test
  void groundTruthIsWrittenAsJsonLinesWithTheScoringFieldsAndReadsBack() throws Exception {
    Simulation s = Simulation.plan(alarmsOnly("mixed").build(), T0).writeFiles();
    Path file = s.config().groundTruth();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);

    assertThat(lines).hasSize(s.plan().faults().size());
    assertThat(lines.get(0))
        .contains(
            "\"faultId\"",
            "\"scenario\"",
            "\"kind\"",
            "\"serials\"",
            "\"batch\"",
            "\"site\"",
            "\"codes\"",
            "\"startedAt\"",
            "\"firstAlarmAt\"",
            "\"endedAt\"",
            "\"expected\"");
    assertThat(GroundTruthFiles.read(file)).isEqualTo(s.plan().faults());
  }
}
