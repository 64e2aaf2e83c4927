package dev.pdm.rules.decision;

import static dev.pdm.rules.Fixtures.AC_UNDER_VOLT;
import static dev.pdm.rules.Fixtures.CABINET_OPEN;
import static dev.pdm.rules.Fixtures.FIVE_MINUTES_LATER;
import static dev.pdm.rules.Fixtures.MANUAL_SHUTDOWN;
import static dev.pdm.rules.Fixtures.NO_ERROR;
import static dev.pdm.rules.Fixtures.ONE_HOUR_LATER;
import static dev.pdm.rules.Fixtures.ONE_MINUTE_LATER;
import static dev.pdm.rules.Fixtures.OVER_TEMP;
import static dev.pdm.rules.Fixtures.SERIAL;
import static dev.pdm.rules.Fixtures.T0;
import static dev.pdm.rules.Fixtures.TWO_HOURS_LATER;
import static dev.pdm.rules.Fixtures.incident;
import static dev.pdm.rules.Fixtures.request;
import static dev.pdm.rules.Fixtures.ticket;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.rules.Fixtures;
import dev.pdm.rules.Fixtures.IncidentBuilder;
import dev.pdm.rules.RulesTesting;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The default suppression rules, through the compiled default DRL. */
class DefaultSuppressionRulesTest {

  private static Decision decide(DecisionRequest request) {
    return RulesTesting.defaultRuleset().decide(request);
  }

  private static Decision decide(Fixtures.RequestBuilder request) {
    return decide(request.build());
  }

  // ---------------------------------------------------------------- SUPPRESS

  @Test
  void manualShutdownOpensNothing() {
    Decision d = decide(request(incident(SERIAL, MANUAL_SHUTDOWN)));

    assertThat(d.kind()).isEqualTo(DecisionKind.SUPPRESS);
    assertThat(d.reason()).contains("manual shutdown");
    assertThat(d.rulesFired()).endsWith("Manual shutdown is an operator action and opens nothing");
  }

  @Test
  void cabinetOpenedDuringMaintenanceOpensNothing() {
    Decision d =
        decide(
            request(incident(SERIAL, CABINET_OPEN).repeated(5))
                .ticket(ticket("T-1", SERIAL).code(OVER_TEMP)));

    assertThat(d.kind()).isEqualTo(DecisionKind.SUPPRESS);
    assertThat(d.reason()).contains("T-1");
    assertThat(d.rulesFired()).endsWith("Cabinet opened during maintenance opens nothing");
  }

  @Test
  void cabinetLeftOpenForHoursWithoutMaintenanceOpensAP3Ticket() {
    Decision d =
        decide(
            request(incident(SERIAL, CABINET_OPEN).raisedAt(T0).stillRaisedAt(TWO_HOURS_LATER))
                .at(TWO_HOURS_LATER));

    assertThat(d.kind()).isEqualTo(DecisionKind.OPEN);
    assertThat(d.priority()).isEqualTo(Priority.P3);
  }

  @Test
  void infoLevelCodeOpensNothing() {
    Decision d = decide(request(incident("EVC-0001", NO_ERROR)));

    assertThat(d.kind()).isEqualTo(DecisionKind.SUPPRESS);
    assertThat(d.rulesFired())
        .containsExactly("Info severity is P4", "Info-level code opens nothing");
  }

  @Test
  void fleetingWarningOpensNothingYet() {
    Decision d = decide(request(incident(SERIAL, AC_UNDER_VOLT)));

    assertThat(d.kind()).isEqualTo(DecisionKind.SUPPRESS);
    assertThat(d.rulesFired()).endsWith("Fleeting warning opens nothing yet");
  }

  @Test
  void warningIsJudgedOnItsOwnDurationNotOnTheDecisionClock() {
    // a replay or a flushed gateway buffer: the version of a five-minute-old warning decided hours
    // after its device time
    Decision replayed =
        decide(
            request(incident(SERIAL, CABINET_OPEN).raisedAt(T0).stillRaisedAt(FIVE_MINUTES_LATER))
                .at(T0.plus(Duration.ofDays(3))));
    assertThat(replayed.kind()).isEqualTo(DecisionKind.SUPPRESS);
    assertThat(replayed.rulesFired()).endsWith("Fleeting warning opens nothing yet");

    // and a warning that has lasted an hour counts whatever the decision clock says
    Decision sustained =
        decide(
            request(incident(SERIAL, CABINET_OPEN).raisedAt(T0).stillRaisedAt(ONE_HOUR_LATER))
                .at(ONE_MINUTE_LATER));
    assertThat(sustained.kind()).isEqualTo(DecisionKind.OPEN);
  }

  @Test
  void warningJustUnderAnHourStillOpensNothing() {
    Decision d =
        decide(
            request(
                    incident(SERIAL, AC_UNDER_VOLT)
                        .raisedAt(T0)
                        .stillRaisedAt(ONE_HOUR_LATER.minusSeconds(1)))
                .at(TWO_HOURS_LATER));

    assertThat(d.kind()).isEqualTo(DecisionKind.SUPPRESS);
  }

  @Test
  void warningThatClearedBeforeAnHourOpensNothingEvenWhenDecidedLater() {
    Decision d =
        decide(
            request(incident(SERIAL, AC_UNDER_VOLT).raisedAt(T0).clearedAt(T0.plusSeconds(600)))
                .at(TWO_HOURS_LATER));

    assertThat(d.kind()).isEqualTo(DecisionKind.SUPPRESS);
  }

  @Test
  void clearingOfAnIncidentWhoseTicketIsAlreadyClosedOpensNothing() {
    IncidentBuilder fixed = incident(SERIAL, OVER_TEMP).raisedAt(T0).clearedAt(TWO_HOURS_LATER);

    Decision d =
        decide(
            request(fixed)
                .ticket(
                    ticket("T-8", SERIAL)
                        .code(OVER_TEMP)
                        .incident(fixed.id())
                        .closedAt(T0.plusSeconds(3600)))
                .at(TWO_HOURS_LATER));

    assertThat(d.kind()).isEqualTo(DecisionKind.SUPPRESS);
    assertThat(d.reason()).contains("T-8");
    assertThat(d.rulesFired())
        .endsWith("Late update of an incident handled on a closed ticket opens nothing");
  }

  @Test
  void incidentRaisedAgainAfterItsTicketClosedReopensIt() {
    IncidentBuilder recurred = incident(SERIAL, OVER_TEMP).raisedAt(T0).repeated(2);
    Fixtures.RequestBuilder request =
        request(recurred)
            .ticket(
                ticket("T-8", SERIAL)
                    .code(OVER_TEMP)
                    .incident(recurred.id())
                    .closedAt(T0.minusSeconds(60)))
            .at(TWO_HOURS_LATER);

    Decision d = decide(request);

    assertThat(d.kind()).isEqualTo(DecisionKind.REOPEN);
    assertThat(d.ticketId()).isEqualTo("T-8");
  }
}
