package dev.pdm.rules.backtest;

import static dev.pdm.rules.Fixtures.AC_UNDER_VOLT;
import static dev.pdm.rules.Fixtures.GROUND_FAULT;
import static dev.pdm.rules.Fixtures.MANUAL_SHUTDOWN;
import static dev.pdm.rules.Fixtures.OVER_TEMP;
import static dev.pdm.rules.Fixtures.SERIAL;
import static dev.pdm.rules.Fixtures.T0;
import static dev.pdm.rules.Fixtures.incident;
import static dev.pdm.rules.Fixtures.request;
import static dev.pdm.rules.Fixtures.ticket;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.pdm.rules.RulesTesting;
import dev.pdm.rules.decision.DecisionKind;
import dev.pdm.rules.decision.DecisionRequest;
import dev.pdm.rules.engine.CompiledRuleset;
import dev.pdm.rules.engine.DefaultRuleset;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BacktestTest {

  /** Warnings count after 30 minutes instead of 60; a fault reopens within 7 days, not 14. */
  private static final String CANDIDATE =
      DefaultRuleset.drl()
          .replace("activeMinutes() < 60", "activeMinutes() < 30")
          .replace("$clock.daysSince(closedAt) < 14", "$clock.daysSince(closedAt) < 7");

  private static final Duration FORTY_FIVE_MINUTES = Duration.ofMinutes(45);

  private static List<DecisionRequest> recorded() {
    return List.of(
        request(incident(SERIAL, GROUND_FAULT)).build(),
        request(incident("INV-0002", AC_UNDER_VOLT).stillRaisedAt(T0.plus(FORTY_FIVE_MINUTES)))
            .at(T0.plus(FORTY_FIVE_MINUTES))
            .build(),
        request(incident("INV-0003", AC_UNDER_VOLT)).build(),
        request(incident("INV-0004", MANUAL_SHUTDOWN)).build(),
        request(incident("INV-0005", OVER_TEMP))
            .ticket(
                ticket("T-55", "INV-0005").code(OVER_TEMP).closedAt(T0.minus(Duration.ofDays(10))))
            .build(),
        request(incident("INV-0006", OVER_TEMP))
            .ticket(
                ticket("T-66", "INV-0006").code(OVER_TEMP).closedAt(T0.minus(Duration.ofDays(3))))
            .build());
  }

  @Test
  void candidateDifferencesAreCountedPerChangeAndListedPerCase() {
    CompiledRuleset active = RulesTesting.defaultRuleset();
    CompiledRuleset candidate = RulesTesting.ENGINE.compile("default-3-candidate", CANDIDATE);
    List<DecisionRequest> recorded = recorded();

    BacktestReport report = RulesTesting.ENGINE.backtest(active, candidate, recorded);

    assertThat(report.activeVersion()).isEqualTo(DefaultRuleset.VERSION);
    assertThat(report.candidateVersion()).isEqualTo("default-3-candidate");
    assertThat(report.total()).isEqualTo(6);
    assertThat(report.unchanged()).isEqualTo(4);
    assertThat(report.changed()).isEqualTo(2);
    assertThat(report.changes())
        .containsOnly(
            entry("SUPPRESS -> OPEN DEVICE_FAULT P3", 1),
            entry("REOPEN P2 -> OPEN DEVICE_FAULT P2", 1));
    assertThat(report.candidateKinds()).containsOnly(entry(DecisionKind.OPEN, 2));
    assertThat(report.differences())
        .extracting(DecisionDiff::subjectId)
        .containsExactly(recorded.get(1).subjectId(), recorded.get(4).subjectId());
    DecisionDiff reopen = report.differences().get(1);
    assertThat(reopen.active().kind()).isEqualTo(DecisionKind.REOPEN);
    assertThat(reopen.active().ticketId()).isEqualTo("T-55");
    assertThat(reopen.candidate().kind()).isEqualTo(DecisionKind.OPEN);
  }

  @Test
  void identicalRulesetsHaveNoDifferences() {
    CompiledRuleset active = RulesTesting.defaultRuleset();
    CompiledRuleset same = RulesTesting.ENGINE.compile("default-1-copy", DefaultRuleset.drl());

    BacktestReport report = RulesTesting.ENGINE.backtest(active, same, recorded());

    assertThat(report.changed()).isZero();
    assertThat(report.unchanged()).isEqualTo(6);
    assertThat(report.changes()).isEmpty();
  }
}
