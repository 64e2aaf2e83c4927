package dev.pdm.launcher.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScenarioOptionsTest {

  @Test
  void allKillsEveryPartOnceInsideTheRunInOrder() {
    KillPlan plan = KillPlan.parse("all");

    assertThat(plan.kills())
        .extracting(KillPlan.Kill::part)
        .containsExactly(
            KillPlan.Part.BROKER,
            KillPlan.Part.FLINK,
            KillPlan.Part.TICKET_API,
            KillPlan.Part.GATEWAY);
    assertThat(plan.kills()).allSatisfy(k -> assertThat(k.at()).isBetween(0.0, 1.0));
  }

  @Test
  void killsAcceptPercentagesAndFractionsAndAreSortedByTime() {
    KillPlan plan = KillPlan.parse("gateway@0.8, flink@25%");

    assertThat(plan.kills())
        .containsExactly(
            new KillPlan.Kill(KillPlan.Part.FLINK, 0.25),
            new KillPlan.Kill(KillPlan.Part.GATEWAY, 0.8));
    assertThat(plan).hasToString("flink@25.0%,gateway@80.0%");
  }

  @Test
  void aBadKillSaysWhatIsWrong() {
    assertThatThrownBy(() -> KillPlan.parse("database@50%"))
        .hasMessageContaining("unknown part 'database'");
    assertThatThrownBy(() -> KillPlan.parse("flink@100%")).hasMessageContaining("strictly inside");
    assertThatThrownBy(() -> KillPlan.parse("flink")).hasMessageContaining("part@when");
  }

  @Test
  void defaultsFollowTheScenarioAndAimTheSpeedAtTheMessageBudget() {
    ScenarioOptions o = ScenarioOptions.parse("--scenario", "defective-bms-batch");

    assertThat(o.duration()).isEqualTo(Duration.ofDays(3));
    assertThat(o.devices()).isEqualTo(300);
    assertThat(o.speed()).isEqualTo(300.0); // 1,500 msg/s * 60 s / 300 devices
    assertThat(ScenarioOptions.parse("--scenario", "quiet-month").telemetryPeriod())
        .isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThatThrownBy(
            () -> ScenarioOptions.parse("--devices", "0", "--speed", "-1", "--duration", "3x"))
        .hasMessageContaining("--scenario is required")
        .hasMessageContaining("--devices must be at least 1")
        .hasMessageContaining("--speed must be > 0")
        .hasMessageContaining("'3x' is not a duration");
  }

  @Test
  void durationsReadShortAndIsoForms() {
    assertThat(ScenarioOptions.duration("90m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(ScenarioOptions.duration("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(ScenarioOptions.duration("PT2H")).isEqualTo(Duration.ofHours(2));
    assertThat(ScenarioOptions.duration("500ms")).isEqualTo(Duration.ofMillis(500));
  }
}
