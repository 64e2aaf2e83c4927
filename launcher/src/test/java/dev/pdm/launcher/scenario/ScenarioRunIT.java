package dev.pdm.launcher.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.launcher.scenario.Score.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small scenario end to end on the real parts (embedded HiveMQ, QuestDB, PostgreSQL, the packaged
 * ticket API, the gateway as a process and the Flink job in-process): every injected fault that is
 * due gets exactly one ticket, nothing else is ticketed, and no alarm is lost between the simulated
 * devices and the central broker.
 */
class ScenarioRunIT {

  @TempDir Path data;

  @Test
  void everyInjectedFaultIsTicketedOnceAndNothingElse() throws Exception {
    RunReport report =
        ScenarioRun.run(
            ScenarioOptions.parse(
                "--scenario", "background",
                "--devices", "200",
                "--seed", "11",
                "--duration", "40m",
                "--faults-per-day", "6",
                "--speed", "30",
                "--telemetry-period", "5m",
                "--checkpoint-interval", "1s",
                "--tail", "10m",
                "--data-dir", data.resolve("run").toString(),
                "--ticket-api-jar", "../ticket-api/target/quarkus-app/quarkus-run.jar"));

    Score score = report.score();
    assertThat(report.settled()).as("the pipeline went quiet: %s", report.problems()).isTrue();
    assertThat(score.faults())
        .filteredOn(f -> f.verdict() != Verdict.NOT_DUE)
        .as("faults judged")
        .hasSizeGreaterThanOrEqualTo(5)
        .allSatisfy(
            f -> {
              assertThat(f.verdict())
                  .as(f.faultId() + " " + f.note())
                  .isIn(Verdict.DETECTED, Verdict.DETECTED_ON_OPEN_TICKET);
              assertThat(f.tickets()).as(f.faultId()).hasSize(1);
            });
    assertThat(score.duplicateTickets()).isZero();
    assertThat(score.falseTickets()).isEmpty();
    assertThat(report.alarms().lost()).isZero();
    assertThat(report.alarms().centralAlarms())
        .isEqualTo(report.alarms().simulatorTransitions())
        .isPositive();
    assertThat(data.resolve("run/report.md")).exists();
    assertThat(Files.readString(data.resolve("run/report.json"))).contains("\"score\"");
  }
}
