package dev.pdm.rules.decision;

import static dev.pdm.rules.Fixtures.AC_UNDER_VOLT;
import static dev.pdm.rules.Fixtures.BAT_GROUND_FAULT;
import static dev.pdm.rules.Fixtures.BAT_OVER_TEMP_ALARM;
import static dev.pdm.rules.Fixtures.CHARGER_GROUND_FAILURE;
import static dev.pdm.rules.Fixtures.DC_OVER_VOLT;
import static dev.pdm.rules.Fixtures.GRID_DISCONNECT;
import static dev.pdm.rules.Fixtures.GROUND_FAULT;
import static dev.pdm.rules.Fixtures.HEATSINK_TEMP_RISE;
import static dev.pdm.rules.Fixtures.HW_TEST_FAILURE;
import static dev.pdm.rules.Fixtures.ONE_HOUR_LATER;
import static dev.pdm.rules.Fixtures.OVER_TEMP;
import static dev.pdm.rules.Fixtures.SERIAL;
import static dev.pdm.rules.Fixtures.T0;
import static dev.pdm.rules.Fixtures.TWO_HOURS_LATER;
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
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default assessment and opening rules, through the compiled default DRL. */
class DefaultOpeningRulesTest {

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
    Decision d =
        decide(
            request(incident(SERIAL, AC_UNDER_VOLT).raisedAt(T0).stillRaisedAt(ONE_HOUR_LATER))
                .at(TWO_HOURS_LATER));

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
}
