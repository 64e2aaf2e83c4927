package dev.pdm.stream.batchrisk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.model.batchrisk.BatchRiskSignal;
import dev.pdm.model.device.CustomerTier;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.device.DeviceFacts;
import dev.pdm.model.registry.DeviceRegistryFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded fleet of batches through the batch-risk operator: healthy batches fail at the fleet rate
 * (1 % of devices a month), bad ones at three times that. Measures how many healthy batches are
 * falsely signalled and how many bad ones are caught in half a year of daily decisions.
 */
class BatchRiskSimulationTest {

  private static final Instant DAY_0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final int HEALTHY = 200;
  private static final int BAD = 20;
  private static final int DEVICES = 200;
  private static final int DAYS = 180;
  private static final double MONTHLY_RATE = 0.01;

  @TempDir Path dir;

  @Test
  void badBatchesAreCaughtWhileHealthyBatchesAtTheFleetRateRarelyAre() throws Exception {
    Random random = new Random(20260401L);
    List<DeviceFacts> devices = new ArrayList<>();
    List<FailureObservation> failures = new ArrayList<>();
    for (int b = 0; b < HEALTHY + BAD; b++) {
      String batch = (b < HEALTHY ? "OK-" : "BAD-") + b;
      double perDay = (b < HEALTHY ? MONTHLY_RATE : 3 * MONTHLY_RATE) / 30;
      for (int d = 0; d < DEVICES; d++) {
        String serial = batch + "-" + d;
        devices.add(device(serial, batch));
        double t = 0;
        while ((t += -Math.log(1 - random.nextDouble()) / perDay) < DAYS) {
          long at = DAY_0.toEpochMilli() + (long) (t * 86_400_000L);
          failures.add(
              new FailureObservation(
                  batch, "thermal", DeviceClass.INVERTER, "SUN-10K", "1.2.0", serial, at));
        }
      }
    }
    failures.sort(Comparator.comparingLong(FailureObservation::at));
    Path registry = dir.resolve("registry.csv");
    DeviceRegistryFiles.writeCsv(registry, devices);

    List<BatchRiskSignal> signals;
    try (KeyedBroadcastOperatorTestHarness<String, FailureObservation, FleetRate, BatchRiskSignal>
        harness =
            ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new BatchRiskFunction(
                    BatchRiskConfig.defaults(), registry.toString(), Duration.ofMinutes(5)),
                FailureObservation::batchKey,
                Types.STRING,
                BatchRiskFunction.FLEET_RATES)) {
      int next = 0;
      for (int day = 1; day <= DAYS; day++) {
        long end = DAY_0.plus(Duration.ofDays(day)).toEpochMilli();
        while (next < failures.size() && failures.get(next).at() < end) {
          harness.processElement(failures.get(next), failures.get(next).at());
          next++;
        }
        harness.processWatermark(end);
        harness.processBroadcastWatermark(end);
      }
      signals = harness.extractOutputValues();
    }

    Set<String> signalled =
        signals.stream().map(BatchRiskSignal::batch).collect(Collectors.toSet());
    long falseAlarms = signalled.stream().filter(b -> b.startsWith("OK-")).count();
    long caught = signalled.stream().filter(b -> b.startsWith("BAD-")).count();
    double falseAlarmRate = (double) falseAlarms / HEALTHY;
    double detectionRate = (double) caught / BAD;

    assertThat(falseAlarmRate).as("healthy batches signalled in 180 days").isLessThan(0.08);
    assertThat(detectionRate).as("3x batches signalled in 180 days").isGreaterThanOrEqualTo(0.8);
    assertThat(signals)
        .filteredOn(s -> s.version() == 1)
        .allSatisfy(s -> assertThat(s.affectedDevices()).isGreaterThanOrEqualTo(8));
  }

  private static DeviceFacts device(String serial, String batch) {
    return new DeviceFacts(
        serial,
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
        LocalDate.of(2030, 1, 1));
  }
}
