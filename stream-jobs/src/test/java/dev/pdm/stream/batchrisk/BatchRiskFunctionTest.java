package dev.pdm.stream.batchrisk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.model.batchrisk.BatchRiskSignal;
import dev.pdm.model.batchrisk.BatchRiskStatus;
import dev.pdm.model.device.CustomerTier;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.device.DeviceFacts;
import dev.pdm.model.registry.DeviceRegistryFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchRiskFunctionTest {

  static final Instant DAY_0 = Instant.parse("2026-01-01T00:00:00Z");
  static final String BAD = "B-BAD";
  static final String INSULATION = "insulation";

  @TempDir Path dir;

  private KeyedBroadcastOperatorTestHarness<String, FailureObservation, FleetRate, BatchRiskSignal>
      harness;

  static Instant day(double d) {
    return DAY_0.plus(Duration.ofMinutes(Math.round(d * 24 * 60)));
  }

  static Path registryWithTwoBatchesOf200(Path dir) {
    List<DeviceFacts> devices = new ArrayList<>();
    for (String batch : List.of(BAD, "B-OK")) {
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
    Path file = dir.resolve("registry.csv");
    DeviceRegistryFiles.writeCsv(file, devices);
    return file;
  }

  static FailureObservation failure(int device, Instant at) {
    return new FailureObservation(
        BAD,
        INSULATION,
        DeviceClass.INVERTER,
        "SUN-10K",
        "1.2.0",
        BAD + "-inv-" + device,
        at.toEpochMilli());
  }

  @BeforeEach
  void start() throws Exception {
    Path registry = registryWithTwoBatchesOf200(dir);
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new BatchRiskFunction(
                BatchRiskConfig.defaults(), registry.toString(), Duration.ofSeconds(30)),
            FailureObservation::batchKey,
            Types.STRING,
            BatchRiskFunction.FLEET_RATES);
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void aBadBatchIsSignalledOnceItsEighthDeviceFailedAndTheWindowIsDecided() throws Exception {
    for (int d = 1; d <= 7; d++) {
      send(failure(d, day(d)));
    }
    advanceTo(day(10.5));
    assertThat(signals()).isEmpty();

    send(failure(8, day(11)));
    advanceTo(day(11.9));
    assertThat(signals()).as("not before the watermark covers the window").isEmpty();

    advanceTo(day(12));
    assertThat(signals())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.batch()).isEqualTo(BAD);
              assertThat(s.failureMode()).isEqualTo(INSULATION);
              assertThat(s.affectedDevices()).isEqualTo(8);
              assertThat(s.population()).isEqualTo(200);
              assertThat(s.affectedSerials()).hasSize(8);
              assertThat(s.rateRatio()).isCloseTo(4.0, org.assertj.core.data.Offset.offset(1e-9));
              assertThat(s.confidence()).isGreaterThan(0.99);
              assertThat(s.statistic()).isGreaterThanOrEqualTo(s.threshold());
              assertThat(s.method()).startsWith("GLR-SPRT(p0=0.01000,p1>=0.03000");
              assertThat(s.firstDetected()).isEqualTo(day(12));
              assertThat(s.windowStart()).isEqualTo(day(12 - 30));
              assertThat(s.firmwares()).containsExactly("1.2.0");
            });
  }

  @Test
  void theSameDeviceFailingAgainIsNeverCountedTwice() throws Exception {
    for (int repeat = 0; repeat < 4; repeat++) {
      for (int d = 1; d <= 5; d++) {
        send(failure(d, day(d + repeat)));
        send(failure(d, day(d + repeat)));
      }
    }
    advanceTo(day(60));
    assertThat(signals()).isEmpty();
  }

  @Test
  void aLateFlushCountsItsFailuresWhereTheyHappenedAndCreatesNoSignal() throws Exception {
    advanceTo(day(0));
    // A gateway was offline for four months and flushes its buffer at once, with redeliveries:
    // twelve devices, but spread over 120 days - never more than three in any 30-day window.
    for (int copy = 0; copy < 3; copy++) {
      for (int d = 0; d < 12; d++) {
        send(failure(d, day(d * 10 + 1)));
      }
    }
    advanceTo(day(200));
    assertThat(signals()).isEmpty();
  }

  @Test
  void aSignalIsRepublishedOnlyOnMaterialChange() throws Exception {
    for (int d = 1; d <= 8; d++) {
      send(failure(d, day(1 + d * 0.1)));
    }
    advanceTo(day(10));
    assertThat(signals()).hasSize(1);

    send(failure(9, day(10.5)));
    send(failure(10, day(10.5)));
    advanceTo(day(20));
    List<BatchRiskSignal> all = signals();
    assertThat(all).hasSizeLessThanOrEqualTo(3);
    BatchRiskSignal latest = all.get(all.size() - 1);
    assertThat(latest.affectedDevices()).isEqualTo(10);
    assertThat(latest.version()).isEqualTo(all.size());
    assertThat(all).extracting(BatchRiskSignal::signalId).containsOnly(all.get(0).signalId());

    int before = all.size();
    advanceTo(day(30));
    assertThat(signals()).as("unchanged counts publish nothing").hasSize(before);
  }

  @Test
  void aFleetFailingAsOftenRaisesTheBaselineSoTheBatchIsNotSingledOut() throws Exception {
    harness.processBroadcastElement(
        new FleetRate(DeviceClass.INVERTER, INSULATION, day(9).toEpochMilli(), 400 + 8, 10_000),
        day(9).toEpochMilli());
    for (int d = 1; d <= 8; d++) {
      send(failure(d, day(d)));
    }
    advanceTo(day(20));
    assertThat(signals()).isEmpty();
  }

  @Test
  void stateAndTimersAreGoneOnceFailuresAgeOutOfTheWindow() throws Exception {
    for (int d = 1; d <= 8; d++) {
      send(failure(d, day(d)));
    }
    advanceTo(day(10));
    assertThat(harness.numEventTimeTimers()).isPositive();
    assertThat(keyedStateEntries()).isPositive();

    advanceTo(day(60));
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(keyedStateEntries()).isZero();
  }

  @Test
  void theEpisodeStaysOpenBetweenTheBoundsAndEndsWithOneEndedVersion() throws Exception {
    for (int d = 1; d <= 8; d++) {
      send(failure(d, day(d)));
    }
    advanceTo(day(9));
    BatchRiskSignal opened = signals().get(0);
    assertThat(opened.status()).isEqualTo(BatchRiskStatus.ACTIVE);

    // From day 32 the oldest failures leave the window one a day; with 2..7 left the test sits
    // between its bounds and the episode stays open.
    advanceTo(day(37.9));
    assertThat(signals()).extracting(BatchRiskSignal::status).containsOnly(BatchRiskStatus.ACTIVE);

    // Only the day-8 failure is left in the window ending on day 38: LLR -2.96 <= B = -2.25.
    advanceTo(day(60));
    List<BatchRiskSignal> all = signals();
    BatchRiskSignal last = all.get(all.size() - 1);
    assertThat(all).filteredOn(s -> s.status() == BatchRiskStatus.ENDED).containsExactly(last);
    assertThat(last.signalId()).isEqualTo(opened.signalId());
    assertThat(last.version()).isEqualTo(all.size());
    assertThat(last.detectedAt()).isEqualTo(day(38));
    assertThat(last.affectedDevices()).isEqualTo(1);
    assertThat(last.statistic()).isLessThanOrEqualTo(Math.log(0.1 / 0.99));
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(keyedStateEntries()).isZero();
  }

  @Test
  void anEpisodeEndsWhenAllItsFailuresLeaveTheWindowAtOnce() throws Exception {
    for (int d = 1; d <= 8; d++) {
      send(failure(d, day(1 + d * 0.01)));
    }
    advanceTo(day(31));
    assertThat(signals()).extracting(BatchRiskSignal::status).containsOnly(BatchRiskStatus.ACTIVE);

    advanceTo(day(45));
    BatchRiskSignal last = signals().get(signals().size() - 1);
    assertThat(last.status()).isEqualTo(BatchRiskStatus.ENDED);
    assertThat(last.detectedAt()).isEqualTo(day(32));
    assertThat(last.affectedDevices()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(keyedStateEntries()).isZero();
  }

  @Test
  void aNewCrossingAfterTheEndStartsANewEpisodeWithANewSignalId() throws Exception {
    for (int d = 1; d <= 8; d++) {
      send(failure(d, day(1 + d * 0.01)));
    }
    advanceTo(day(40));
    String first = signals().get(0).signalId();
    int before = signals().size();

    for (int d = 20; d < 28; d++) {
      send(failure(d, day(41 + d * 0.01)));
    }
    advanceTo(day(43));
    List<BatchRiskSignal> next = signals().subList(before, signals().size());
    assertThat(next)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.signalId()).isNotEqualTo(first);
              assertThat(s.version()).isEqualTo(1);
              assertThat(s.status()).isEqualTo(BatchRiskStatus.ACTIVE);
              assertThat(s.affectedDevices()).isEqualTo(8);
            });
  }

  private int keyedStateEntries() {
    var backend = ((AbstractStreamOperator<?>) harness.getOperator()).getKeyedStateBackend();
    return ((HeapKeyedStateBackend<?>) backend).numKeyValueStateEntries();
  }

  private void send(FailureObservation o) throws Exception {
    harness.processElement(o, o.at());
  }

  private void advanceTo(Instant at) throws Exception {
    harness.processWatermark(at.toEpochMilli());
    harness.processBroadcastWatermark(at.toEpochMilli());
  }

  private List<BatchRiskSignal> signals() {
    return harness.extractOutputValues();
  }
}
