package dev.pdm.stream.batchrisk;

import static dev.pdm.stream.batchrisk.BatchRiskFunctionTest.day;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.model.device.DeviceClass;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetBaselineFunctionTest {

  @TempDir Path dir;

  @Test
  void countsDistinctAffectedDevicesOfAllBatchesPerWindowAgainstTheClassPopulation()
      throws Exception {
    Path registry = BatchRiskFunctionTest.registryWithTwoBatchesOf200(dir);
    try (KeyedOneInputStreamOperatorTestHarness<String, FailureObservation, FleetRate> harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new FleetBaselineFunction(
                BatchRiskConfig.defaults(), registry.toString(), Duration.ofSeconds(30)),
            FailureObservation::fleetKey,
            Types.STRING)) {
      send(harness, "B-BAD", "B-BAD-inv-1", day(1.5));
      send(harness, "B-BAD", "B-BAD-inv-1", day(1.6));
      send(harness, "B-OK", "B-OK-inv-7", day(1.2));
      harness.processWatermark(new Watermark(day(2).toEpochMilli()));

      assertThat(harness.extractOutputValues())
          .containsExactly(
              new FleetRate(DeviceClass.INVERTER, "insulation", day(2).toEpochMilli(), 2, 400));

      harness.processWatermark(new Watermark(day(60).toEpochMilli()));
      assertThat(harness.extractOutputValues()).last().extracting(FleetRate::affected).isEqualTo(2);
      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<String, FailureObservation, FleetRate> harness,
      String batch,
      String serial,
      Instant at)
      throws Exception {
    harness.processElement(
        new FailureObservation(
            batch,
            "insulation",
            DeviceClass.INVERTER,
            "SUN-10K",
            "1.2.0",
            serial,
            at.toEpochMilli()),
        at.toEpochMilli());
  }
}
