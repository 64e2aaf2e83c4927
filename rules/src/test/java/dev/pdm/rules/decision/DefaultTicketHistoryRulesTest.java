package dev.pdm.rules.decision;

import static dev.pdm.rules.Fixtures.AC_UNDER_VOLT;
import static dev.pdm.rules.Fixtures.BATCH;
import static dev.pdm.rules.Fixtures.DC_OVER_VOLT;
import static dev.pdm.rules.Fixtures.GROUND_FAULT;
import static dev.pdm.rules.Fixtures.OVER_TEMP;
import static dev.pdm.rules.Fixtures.SERIAL;
import static dev.pdm.rules.Fixtures.T0;
import static dev.pdm.rules.Fixtures.batchSignal;
import static dev.pdm.rules.Fixtures.endedBatchSignal;
import static dev.pdm.rules.Fixtures.incident;
import static dev.pdm.rules.Fixtures.request;
import static dev.pdm.rules.Fixtures.ticket;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.rules.Fixtures;
import dev.pdm.rules.Fixtures.IncidentBuilder;
import dev.pdm.rules.RulesTesting;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default fold, reopen, escalate and batch-problem rules, through the compiled default DRL. */
class DefaultTicketHistoryRulesTest {

  private static Decision decide(DecisionRequest request) {
    return RulesTesting.defaultRuleset().decide(request);
  }

  private static Decision decide(Fixtures.RequestBuilder request) {
    return decide(request.build());
  }

  // ---------------------------------------------------------------- FOLD / REOPEN / ESCALATE

  @Test
  void updateOfAnIncidentAlreadyOnAnOpenTicketFoldsIntoIt() {
    IncidentBuilder fault = incident(SERIAL, OVER_TEMP).version(3).repeated(4);

    Decision d =
        decide(
            request(fault)
                .ticket(
                    ticket("T-7", SERIAL)
                        .priority(Priority.P2)
                        .code(OVER_TEMP)
                        .incident(fault.id())));

    assertThat(d.kind()).isEqualTo(DecisionKind.FOLD);
    assertThat(d.ticketId()).isEqualTo("T-7");
    assertThat(d.rulesFired())
        .endsWith("Update of an incident already on an open ticket folds into it");
  }

  @Test
  void repeatOfACodeAlreadyOnAnOpenTicketFoldsIntoIt() {
    Decision d =
        decide(
            request(incident(SERIAL, OVER_TEMP))
                .ticket(ticket("T-2", SERIAL).priority(Priority.P2).code(DC_OVER_VOLT))
                .ticket(ticket("T-3", SERIAL).priority(Priority.P2).code(OVER_TEMP)));

    assertThat(d.kind()).isEqualTo(DecisionKind.FOLD);
    assertThat(d.ticketId()).isEqualTo("T-3");
    assertThat(d.rulesFired()).endsWith("Repeat of a code already on an open ticket folds into it");
  }

  @Test
  void faultOnADeviceWithAnOpenTicketFoldsIntoIt() {
    Decision d =
        decide(
            request(incident(SERIAL, DC_OVER_VOLT))
                .ticket(ticket("T-4", SERIAL).priority(Priority.P2).code(OVER_TEMP)));

    assertThat(d.kind()).isEqualTo(DecisionKind.FOLD);
    assertThat(d.ticketId()).isEqualTo("T-4");
    assertThat(d.rulesFired()).endsWith("Fault on a device with an open ticket folds into it");
  }

  @Test
  void warningOnADeviceWithAnOpenTicketFoldsIntoItRatherThanBeingSuppressed() {
    Decision d =
        decide(
            request(incident(SERIAL, AC_UNDER_VOLT))
                .ticket(ticket("T-4", SERIAL).priority(Priority.P2).code(OVER_TEMP)));

    assertThat(d.kind()).isEqualTo(DecisionKind.FOLD);
  }

  @Test
  void faultMoreUrgentThanItsOpenTicketEscalatesIt() {
    Decision d =
        decide(
            request(incident(SERIAL, GROUND_FAULT))
                .ticket(ticket("T-5", SERIAL).priority(Priority.P3).code(AC_UNDER_VOLT)));

    assertThat(d.kind()).isEqualTo(DecisionKind.ESCALATE);
    assertThat(d.ticketId()).isEqualTo("T-5");
    assertThat(d.priority()).isEqualTo(Priority.P1);
    assertThat(d.slaPolicy()).isEqualTo("device-gold-p1");
    assertThat(d.reason()).contains("was P3");
    assertThat(d.rulesFired()).endsWith("Fault more urgent than its open ticket escalates it");
  }

  @Test
  void escalationNamesThePolicyOfTheTicketsTypeAtTheNewPriority() {
    Decision d =
        decide(
            request(incident(SERIAL, GROUND_FAULT))
                .ticket(
                    ticket("T-5", SERIAL)
                        .type(TicketType.PREDICTIVE_MAINTENANCE)
                        .priority(Priority.P3)
                        .code(AC_UNDER_VOLT)));

    assertThat(d.kind()).isEqualTo(DecisionKind.ESCALATE);
    assertThat(d.slaPolicy()).isEqualTo("predictive-gold-p1");
  }

  @Test
  void faultWithin14DaysOfClosingATicketReopensIt() {
    Decision d =
        decide(
            request(incident(SERIAL, OVER_TEMP))
                .ticket(
                    ticket("T-6", SERIAL).code(OVER_TEMP).closedAt(T0.minus(Duration.ofDays(13)))));

    assertThat(d.kind()).isEqualTo(DecisionKind.REOPEN);
    assertThat(d.ticketId()).isEqualTo("T-6");
    assertThat(d.priority()).isEqualTo(Priority.P2);
    assertThat(d.reason()).contains("first-time fix failed");
    assertThat(d.rulesFired())
        .endsWith("Fault within 14 days of closing a ticket reopens it as a failed first-time fix");
  }

  @Test
  void sameFailureModeAfterAFixReopensTheMostRecentlyClosedTicket() {
    Decision d =
        decide(
            request(incident(SERIAL, OVER_TEMP))
                .ticket(
                    ticket("T-old", SERIAL).code(OVER_TEMP).closedAt(T0.minus(Duration.ofDays(10))))
                .ticket(
                    ticket("T-new", SERIAL)
                        .code("sunspec-inv:UNDER_TEMP")
                        .closedAt(T0.minus(Duration.ofDays(2)))));

    assertThat(d.kind()).isEqualTo(DecisionKind.REOPEN);
    assertThat(d.ticketId()).isEqualTo("T-new");
  }

  @Test
  void faultMoreThan14DaysAfterClosingOpensANewTicket() {
    Decision d =
        decide(
            request(incident(SERIAL, OVER_TEMP))
                .ticket(
                    ticket("T-6", SERIAL).code(OVER_TEMP).closedAt(T0.minus(Duration.ofDays(15)))));

    assertThat(d.kind()).isEqualTo(DecisionKind.OPEN);
  }

  @Test
  void differentFailureModeShortlyAfterAFixOpensANewTicket() {
    Decision d =
        decide(
            request(incident(SERIAL, DC_OVER_VOLT))
                .ticket(
                    ticket("T-6", SERIAL).code(OVER_TEMP).closedAt(T0.minus(Duration.ofDays(2)))));

    assertThat(d.kind()).isEqualTo(DecisionKind.OPEN);
  }

  // ---------------------------------------------------------------- batch problems

  @Test
  void batchSignalOpensOneBatchProblemTicketLinkingTheBatchsDeviceTicketsOfThatFailureMode() {
    DecisionRequest request =
        DecisionRequest.forBatchSignal(
            batchSignal(BATCH, "insulation", 9),
            List.of(
                ticket("T-30", "INV-0003").code(GROUND_FAULT).build(),
                ticket("T-10", "INV-0001").code(GROUND_FAULT).build(),
                ticket("T-20", "INV-0002").code(OVER_TEMP).build(),
                ticket("T-40", "INV-0004").code(GROUND_FAULT).closedAt(T0).build()),
            T0);

    Decision d = decide(request);

    assertThat(d.kind()).isEqualTo(DecisionKind.OPEN);
    assertThat(d.ticketType()).isEqualTo(TicketType.BATCH_PROBLEM);
    assertThat(d.priority()).isEqualTo(Priority.P2);
    assertThat(d.assignmentGroup()).isEqualTo("quality-engineering");
    assertThat(d.linkTicketIds()).containsExactly("T-10", "T-30");
    assertThat(d.title()).contains(BATCH).contains("9 of 400");
    assertThat(d.rulesFired())
        .containsExactly(
            "Batch signal opens one batch-problem ticket linking the batch's device tickets");
  }

  @Test
  void batchSignalFoldsIntoTheOpenBatchProblemTicketOfItsBatchAndFailureMode() {
    DecisionRequest request =
        DecisionRequest.forBatchSignal(
            batchSignal(BATCH, "insulation", 14),
            List.of(
                ticket("P-1", null).type(TicketType.BATCH_PROBLEM).failureMode("thermal").build(),
                ticket("P-2", null)
                    .type(TicketType.BATCH_PROBLEM)
                    .failureMode("insulation")
                    .build(),
                ticket("T-10", "INV-0001").code(GROUND_FAULT).build()),
            T0);

    Decision d = decide(request);

    assertThat(d.kind()).isEqualTo(DecisionKind.FOLD);
    assertThat(d.ticketId()).isEqualTo("P-2");
    assertThat(d.linkTicketIds()).containsExactly("T-10");
  }

  @Test
  void endedBatchEpisodeIsNotedOnTheOpenBatchProblemTicketAndNeverOpensOne() {
    List<TicketFact> withBatchTicket =
        List.of(
            ticket("P-2", null).type(TicketType.BATCH_PROBLEM).failureMode("insulation").build(),
            ticket("T-10", "INV-0001").code(GROUND_FAULT).build());

    Decision noted =
        decide(
            DecisionRequest.forBatchSignal(
                endedBatchSignal(BATCH, "insulation", 2), withBatchTicket, T0));
    Decision nothingOpen =
        decide(
            DecisionRequest.forBatchSignal(
                endedBatchSignal(BATCH, "insulation", 2),
                List.of(ticket("T-10", "INV-0001").code(GROUND_FAULT).build()),
                T0));

    assertThat(noted.kind()).isEqualTo(DecisionKind.FOLD);
    assertThat(noted.ticketId()).isEqualTo("P-2");
    assertThat(noted.rulesFired())
        .containsExactly("Batch episode end is noted on the open batch-problem ticket");
    assertThat(nothingOpen.kind()).isEqualTo(DecisionKind.SUPPRESS);
    assertThat(nothingOpen.rulesFired())
        .containsExactly(
            "Batch episode that ended opens nothing when no batch-problem ticket is open");
  }
}
