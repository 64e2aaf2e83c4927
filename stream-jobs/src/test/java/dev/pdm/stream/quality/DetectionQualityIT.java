package dev.pdm.stream.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.model.batchrisk.BatchRiskStatus;
import dev.pdm.simulators.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection quality of the real topology against the simulators' ground truth (see {@link
 * DetectionQuality}). The first test is small and runs in every build; the month-long runs print
 * the figures of the README and run only with {@code -Dpdm.quality=true}.
 */
class DetectionQualityIT {

  static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @TempDir Path dir;

  @Test
  void defectiveBatchIsSignalledHealthyBatchesAreNotAndDegradationIsPredictedBeforeItsAlarm()
      throws Exception {
    SimulatorConfig config =
        SimulatorConfig.builder()
            .seed(7)
            .inverters(60)
            .batteries(40)
            .chargers(0)
            .scenario("defective-bms-batch+inverter-degradation")
            .simStart(START)
            .simDuration(Duration.ofDays(10))
            .telemetryPeriod(Duration.ofMinutes(15))
            .outputDir(dir)
            .build();
    DetectionQuality.Run run = DetectionQuality.run(config, 2);
    System.out.print(run.report());
    DetectionScore score = run.score();

    assertThat(run.deadLetters()).isEmpty();
    assertThat(score.batches())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.firstSignal()).as("the defective batch is signalled").isNotNull();
              assertThat(b.firstSignal().status()).isEqualTo(BatchRiskStatus.ACTIVE);
              assertThat(b.failuresBeforeSignal()).isPositive();
            });
    assertThat(score.healthyBatches()).isPositive();
    assertThat(score.falseBatchEpisodes()).as("no signal on a healthy batch").isEmpty();
    assertThat(score.predictions()).isNotEmpty();
    assertThat(score.predictions())
        .allSatisfy(
            p ->
                assertThat(p.predictedAt())
                    .as("predicted before the alarm of " + p.fault().serial())
                    .isNotNull());
  }

  /**
   * A simulated month per seed (or {@code pdm.quality.days}): defective batch and degradation, then
   * a quiet month.
   */
  @Test
  @EnabledIfSystemProperty(named = "pdm.quality", matches = "true")
  void simulatedMonths() throws Exception {
    long[] seeds =
        Arrays.stream(System.getProperty("pdm.quality.seeds", "1").split(","))
            .mapToLong(Long::parseLong)
            .toArray();
    int inverters = Integer.getInteger("pdm.quality.inverters", 300);
    int batteries = Integer.getInteger("pdm.quality.batteries", 600);
    int chargers = Integer.getInteger("pdm.quality.chargers", 100);
    Duration period = Duration.ofMinutes(Integer.getInteger("pdm.quality.telemetry-minutes", 15));
    Duration length = Duration.ofDays(Integer.getInteger("pdm.quality.days", 30));
    StringBuilder all = new StringBuilder();
    for (String scenario :
        System.getProperty(
                "pdm.quality.scenarios", "defective-bms-batch+inverter-degradation,quiet-month")
            .split(",")) {
      for (long seed : seeds) {
        Path out = Files.createDirectories(dir.resolve(scenario + "-" + seed));
        SimulatorConfig config =
            SimulatorConfig.builder()
                .seed(seed)
                .inverters(inverters)
                .batteries(batteries)
                .chargers(chargers)
                .scenario(scenario)
                .simStart(START)
                .simDuration(length)
                .telemetryPeriod(period)
                .outputDir(out)
                .build();
        DetectionQuality.Run run = DetectionQuality.run(config, 2);
        System.out.print(run.report());
        all.append(run.report());
        assertThat(run.deadLetters()).isEmpty();
      }
    }
    System.out.print(all);
  }
}
