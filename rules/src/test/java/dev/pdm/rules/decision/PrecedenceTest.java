package dev.pdm.rules.decision;

import static dev.pdm.rules.Fixtures.CABINET_OPEN;
import static dev.pdm.rules.Fixtures.DC_OVER_VOLT;
import static dev.pdm.rules.Fixtures.GROUND_FAULT;
import static dev.pdm.rules.Fixtures.MANUAL_SHUTDOWN;
import static dev.pdm.rules.Fixtures.OVER_TEMP;
import static dev.pdm.rules.Fixtures.SERIAL;
import static dev.pdm.rules.Fixtures.TWO_HOURS_LATER;
import static dev.pdm.rules.Fixtures.incident;
import static dev.pdm.rules.Fixtures.request;
import static dev.pdm.rules.Fixtures.ticket;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.rules.RulesTesting;
import dev.pdm.rules.engine.CompiledRuleset;
import org.junit.jupiter.api.Test;

/**
 * When several decision rules match, salience decides: SUPPRESS > FOLD/REOPEN > ESCALATE > OPEN.
 */
class PrecedenceTest {

  private static final String GENERIC_OPEN =
      "Fault opens a device-fault ticket at its assessed priority";

  private final CompiledRuleset rules = RulesTesting.defaultRuleset();

  @Test
  void suppressBeatsOpen() {
    // A manual shutdown is a FAULT incident, so the generic opening rule matches it too.
    Decision d = rules.decide(request(incident(SERIAL, MANUAL_SHUTDOWN)).build());

    assertThat(d.kind()).isEqualTo(DecisionKind.SUPPRESS);
    assertThat(d.rulesFired()).doesNotContain(GENERIC_OPEN);
  }

  @Test
  void foldBeatsOpen() {
    Decision d =
        rules.decide(
            request(incident(SERIAL, DC_OVER_VOLT))
                .ticket(ticket("T-1", SERIAL).priority(Priority.P2).code(OVER_TEMP))
                .build());

    assertThat(d.kind()).isEqualTo(DecisionKind.FOLD);
    assertThat(d.rulesFired()).doesNotContain(GENERIC_OPEN);
  }

  @Test
  void suppressBeatsFold() {
    Decision d =
        rules.decide(
            request(incident(SERIAL, CABINET_OPEN))
                .ticket(ticket("T-1", SERIAL).priority(Priority.P2).code(OVER_TEMP))
                .at(TWO_HOURS_LATER)
                .build());

    assertThat(d.kind()).isEqualTo(DecisionKind.SUPPRESS);
    assertThat(d.rulesFired())
        .doesNotContain("Fault on a device with an open ticket folds into it");
  }

  @Test
  void escalateBeatsOpenEvenForAGroundFault() {
    Decision d =
        rules.decide(
            request(incident(SERIAL, GROUND_FAULT))
                .ticket(ticket("T-1", SERIAL).priority(Priority.P2).code(OVER_TEMP))
                .build());

    assertThat(d.kind()).isEqualTo(DecisionKind.ESCALATE);
    assertThat(d.rulesFired())
        .doesNotContain("Ground fault opens a P1 device-fault ticket for the safety team");
  }

  @Test
  void foldIntoAnEquallyUrgentTicketBeatsEscalatingALessUrgentOne() {
    Decision d =
        rules.decide(
            request(incident(SERIAL, OVER_TEMP))
                .ticket(ticket("T-low", SERIAL).priority(Priority.P4).code(DC_OVER_VOLT))
                .ticket(ticket("T-high", SERIAL).priority(Priority.P2).code(DC_OVER_VOLT))
                .build());

    assertThat(d.kind()).isEqualTo(DecisionKind.FOLD);
    assertThat(d.ticketId()).isEqualTo("T-high");
  }

  @Test
  void exactlyOneDecisionRuleFiresPerEvaluation() {
    Decision d =
        rules.decide(
            request(incident(SERIAL, OVER_TEMP))
                .ticket(ticket("T-1", SERIAL).priority(Priority.P2).code(OVER_TEMP))
                .ticket(ticket("T-2", SERIAL).priority(Priority.P2).code(DC_OVER_VOLT))
                .build());

    // one assessment rule, one decision rule: the other fold activations were cancelled
    assertThat(d.rulesFired()).hasSize(2);
    assertThat(d.ticketId()).isEqualTo("T-1");
  }
}
