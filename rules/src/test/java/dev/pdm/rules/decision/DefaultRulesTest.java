package dev.pdm.rules.decision;

import static dev.pdm.rules.Fixtures.AC_UNDER_VOLT;
import static dev.pdm.rules.Fixtures.BATCH;
import static dev.pdm.rules.Fixtures.BAT_GROUND_FAULT;
import static dev.pdm.rules.Fixtures.BAT_OVER_TEMP_ALARM;
import static dev.pdm.rules.Fixtures.CABINET_OPEN;
import static dev.pdm.rules.Fixtures.CHARGER_GROUND_FAILURE;
import static dev.pdm.rules.Fixtures.DC_OVER_VOLT;
import static dev.pdm.rules.Fixtures.GRID_DISCONNECT;
import static dev.pdm.rules.Fixtures.GROUND_FAULT;
import static dev.pdm.rules.Fixtures.HEATSINK_TEMP_RISE;
import static dev.pdm.rules.Fixtures.HW_TEST_FAILURE;
import static dev.pdm.rules.Fixtures.MANUAL_SHUTDOWN;
import static dev.pdm.rules.Fixtures.NO_ERROR;
import static dev.pdm.rules.Fixtures.OVER_TEMP;
import static dev.pdm.rules.Fixtures.SERIAL;
import static dev.pdm.rules.Fixtures.T0;
import static dev.pdm.rules.Fixtures.TWO_HOURS_LATER;
import static dev.pdm.rules.Fixtures.batchSignal;
import static dev.pdm.rules.Fixtures.device;
import static dev.pdm.rules.Fixtures.incident;
import static dev.pdm.rules.Fixtures.request;
import static dev.pdm.rules.Fixtures.ticket;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.model.device.CustomerTier;
import dev.pdm.model.event.Severity;
import dev.pdm.rules.Fixtures;
import dev.pdm.rules.Fixtures.IncidentBuilder;
import dev.pdm.rules.RulesTesting;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per default rule, each through the compiled default DRL. */
class DefaultRulesTest {

  private static Decision decide(DecisionRequest request) {
    return RulesTesting.defaultRuleset().decide(request);
  }

  private static Decision decide(Fixtures.RequestBuilder request) {
    return decide(request.build());
  }

  // ---------------------------------------------------------------- assessment and OPEN

  @Test
  void groundFaultOpensAP1DeviceFaultTicketForTheSafetyTeam() {
    for (String code : List.of(GROUND_FAULT, BAT_GROUND_FAULT, CHARGER_GROUND_FAILURE)) {
      Decision d = decide(request(incident(SERIAL, code)));

      assertThat(d.kind()).as(code).isEqualTo(DecisionKind.OPEN);
      assertThat(d.ticketType()).isEqualTo(TicketType.DEVICE_FAULT);
      assertThat(d.priority()).isEqualTo(Priority.P1);
      assertThat(d.assignmentGroup()).isEqualTo("safety-response");
      assertThat(d.slaPolicy()).isEqualTo("safety-gold-p1");
      assertThat(d.rulesFired())
          .containsExactly(
              "Ground fault is P1",
              "Ground fault opens a P1 device-fault ticket for the safety team");
    }
  }

  @Test
  void groundFaultReportedBelowCriticalIsStillP1() {
    Decision d = decide(request(incident(SERIAL, GROUND_FAULT).severity(Severity.MAJOR)));

    assertThat(d.priority()).isEqualTo(Priority.P1);
  }

  @Test
  void bmsOverTemperatureAlarmOpensAP1TicketForTheSafetyTeam() {
    Decision d =
        decide(request(incident("BMS-0001", BAT_OVER_TEMP_ALARM).severity(Severity.MAJOR)));

    assertThat(d.kind()).isEqualTo(DecisionKind.OPEN);
    assertThat(d.priority()).isEqualTo(Priority.P1);
    assertThat(d.assignmentGroup()).isEqualTo("safety-response");
    assertThat(d.rulesFired())
        .containsExactly(
            "BMS over-temperature alarm is P1",
            "BMS over-temperature alarm opens a P1 device-fault ticket for the safety team");
  }

  @Test
  void criticalFaultOpensAP1Ticket() {
    Decision d = decide(request(incident(SERIAL, OVER_TEMP).severity(Severity.CRITICAL)));

    assertThat(d.kind()).isEqualTo(DecisionKind.OPEN);
    assertThat(d.priority()).isEqualTo(Priority.P1);
    assertThat(d.rulesFired())
        .containsExactly(
            "Critical severity is P1",
            "Fault opens a device-fault ticket at its assessed priority");
  }

  @Test
  void majorFaultOpensAP2TicketRoutedToTheRegionsFieldService() {
    Decision d = decide(request(incident(SERIAL, OVER_TEMP)));

    assertThat(d.kind()).isEqualTo(DecisionKind.OPEN);
    assertThat(d.ticketType()).isEqualTo(TicketType.DEVICE_FAULT);
    assertThat(d.priority()).isEqualTo(Priority.P2);
    assertThat(d.slaPolicy()).isEqualTo("device-gold-p2");
    assertThat(d.assignmentGroup()).isEqualTo("field-service-east-china");
    assertThat(d.title()).contains(OVER_TEMP).contains(SERIAL);
    assertThat(d.rulesFired())
        .containsExactly(
            "Major severity is P2", "Fault opens a device-fault ticket at its assessed priority");
  }

  @Test
  void majorFaultAtAPlatinumCustomerOpensAP1Ticket() {
    Decision d =
        decide(
            request(incident(SERIAL, OVER_TEMP))
                .device(device(SERIAL).tier(CustomerTier.PLATINUM)));

    assertThat(d.priority()).isEqualTo(Priority.P1);
    assertThat(d.slaPolicy()).isEqualTo("device-platinum-p1");
    assertThat(d.rulesFired()).startsWith("Major severity at a platinum customer is P1");
  }

  @Test
  void faultOfAnUnregisteredDeviceStillOpensATicketAtStandardTier() {
    Decision d = decide(request(incident(SERIAL, OVER_TEMP)).unregistered());

    assertThat(d.kind()).isEqualTo(DecisionKind.OPEN);
    assertThat(d.slaPolicy()).isEqualTo("device-standard-p2");
    assertThat(d.assignmentGroup()).isEqualTo("field-service-unassigned");
  }

  @Test
  void warningActiveForAnHourOpensAP3Ticket() {
    Decision d = decide(request(incident(SERIAL, AC_UNDER_VOLT).raisedAt(T0)).at(TWO_HOURS_LATER));

    assertThat(d.kind()).isEqualTo(DecisionKind.OPEN);
    assertThat(d.priority()).isEqualTo(Priority.P3);
    assertThat(d.rulesFired()).startsWith("Warning severity is P3");
  }

  @Test
  void warningRaisedThreeTimesOpensAP3Ticket() {
    Decision d = decide(request(incident(SERIAL, AC_UNDER_VOLT).repeated(3)));

    assertThat(d.kind()).isEqualTo(DecisionKind.OPEN);
    assertThat(d.priority()).isEqualTo(Priority.P3);
  }

  @Test
  void predictiveFindingOpensAPredictiveMaintenanceTicket() {
    Decision d = decide(request(incident(SERIAL, HEATSINK_TEMP_RISE)));

    assertThat(d.kind()).isEqualTo(DecisionKind.OPEN);
    assertThat(d.ticketType()).isEqualTo(TicketType.PREDICTIVE_MAINTENANCE);
    assertThat(d.priority()).isEqualTo(Priority.P3);
    assertThat(d.slaPolicy()).isEqualTo("predictive-gold-p3");
    assertThat(d.rulesFired()).endsWith("Predictive finding opens a predictive-maintenance ticket");
  }

  @Test
  void flappingIncidentOpensOneTicketNamingItsFlapCount() {
    Decision d = decide(request(incident(SERIAL, GRID_DISCONNECT).flapping(7)));

    assertThat(d.kind()).isEqualTo(DecisionKind.OPEN);
    assertThat(d.ticketType()).isEqualTo(TicketType.DEVICE_FAULT);
    assertThat(d.title()).contains("7 raise/clear transitions");
    assertThat(d.rulesFired())
        .endsWith("Flapping incident opens one device-fault ticket naming its flap count");
  }

  @Test
  void flappingWarningOpensATicketEvenBeforeItPersists() {
    Decision d = decide(request(incident(SERIAL, AC_UNDER_VOLT).flapping(9)));

    assertThat(d.kind()).isEqualTo(DecisionKind.OPEN);
    assertThat(d.title()).contains("9 raise/clear transitions");
  }

  @Test
  void furtherFlappingFoldsIntoTheFlappingTicket() {
    IncidentBuilder flapping = incident(SERIAL, GRID_DISCONNECT).flapping(12).version(5);

    Decision d =
        decide(
            request(flapping)
                .ticket(ticket("T-9", SERIAL).priority(Priority.P2).incident(flapping.id())));

    assertThat(d.kind()).isEqualTo(DecisionKind.FOLD);
    assertThat(d.ticketId()).isEqualTo("T-9");
  }

  @Test
  void hardwareFailureUnderWarrantyOpensAWarrantyRmaTicket() {
    Decision d =
        decide(request(incident(SERIAL, HW_TEST_FAILURE)).device(device(SERIAL).underWarranty()));

    assertThat(d.kind()).isEqualTo(DecisionKind.OPEN);
    assertThat(d.ticketType()).isEqualTo(TicketType.WARRANTY_RMA);
    assertThat(d.assignmentGroup()).isEqualTo("rma-desk");
    assertThat(d.slaPolicy()).isEqualTo("rma-gold-p2");
    assertThat(d.reason()).contains("under warranty until 2030-06-30");
    assertThat(d.rulesFired())
        .endsWith(
            "Fault opens a device-fault ticket at its assessed priority",
            "Hardware failure under warranty opens a warranty RMA ticket instead");
  }

  @Test
  void hardwareFailureAfterWarrantyOpensAnOrdinaryDeviceFaultTicket() {
    Decision d = decide(request(incident(SERIAL, HW_TEST_FAILURE)));

    assertThat(d.ticketType()).isEqualTo(TicketType.DEVICE_FAULT);
  }

  @Test
  void nonHardwareFaultUnderWarrantyStaysADeviceFaultTicket() {
    Decision d =
        decide(request(incident(SERIAL, DC_OVER_VOLT)).device(device(SERIAL).underWarranty()));

    assertThat(d.ticketType()).isEqualTo(TicketType.DEVICE_FAULT);
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
    Decision d = decide(request(incident(SERIAL, CABINET_OPEN)).at(TWO_HOURS_LATER));

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
    assertThat(d.reason()).contains("was P3");
    assertThat(d.rulesFired()).endsWith("Fault more urgent than its open ticket escalates it");
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
}
