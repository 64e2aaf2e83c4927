package dev.pdm.launcher.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.launcher.scenario.PartUsage.Sample;
import dev.pdm.launcher.scenario.PartUsage.ThreadUsage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartUsageTest {

  private static Sample sample(long wallSeconds, Map<String, Double> threads) {
    return new Sample(Map.of(), threads, wallSeconds * 1_000_000_000L);
  }

  @Test
  void busiestThreadsAreTheLargestCpuDeltasFirstInCoresOfTheInterval() {
    Sample from =
        sample(
            100,
            Map.of(
                "Flink job: Source: mqtt (1/1)#0", 50.0,
                "QuestDB: wal-apply-1", 10.0,
                "edge gateway: uplink-publisher", 5.0,
                "simulator: pdm-sim-3", 1.0));
    Sample to =
        sample(
            200,
            Map.of(
                "Flink job: Source: mqtt (1/1)#0", 145.0, // 95 s in 100 s
                "QuestDB: wal-apply-1", 40.0,
                "edge gateway: uplink-publisher", 25.0,
                "edge gateway: new-thread", 35.0)); // started in between: counts from zero

    List<ThreadUsage> top = PartUsage.busiestThreads(from, to, 3);

    assertThat(top)
        .extracting(ThreadUsage::thread)
        .containsExactly(
            "Flink job: Source: mqtt (1/1)#0", "edge gateway: new-thread", "QuestDB: wal-apply-1");
    assertThat(top.get(0).cpuSeconds()).isEqualTo(95.0);
    assertThat(top.get(0).cores()).isEqualTo(0.95);
    assertThat(top.get(1).cpuSeconds()).isEqualTo(35.0);
    // a thread that ended in between (pdm-sim-3) is not listed
    assertThat(PartUsage.busiestThreads(from, to, 10))
        .extracting(ThreadUsage::thread)
        .doesNotContain("simulator: pdm-sim-3");
  }

  @Test
  void equalCpuIsOrderedByName() {
    Sample from = sample(0, Map.of());
    Sample to = sample(10, Map.of("b", 1.0, "a", 1.0));
    assertThat(PartUsage.busiestThreads(from, to, 2))
        .extracting(ThreadUsage::thread)
        .containsExactly("a", "b");
  }

  @Test
  void theJobsChainedDecodeAndSinkTaskCountsAsTheFlinkJob() {
    assertThat(
            PartUsage.partOf(
                "decode -> (alarm-watermarks -> enrich-alarms, telemetry-watermarks ->"
                    + " enrich-telemetry -> time-series-sink: Writer, dead-letter-sink: Writer)"
                    + " (2/2)#0"))
        .isEqualTo("Flink job");
  }

  @Test
  void theTraceThreadCountsAsTheHarness() {
    assertThat(PartUsage.partOf("pdm-trace")).isEqualTo("harness");
  }
}
