package dev.pdm.launcher.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.launcher.scenario.Score.FaultScore;
import dev.pdm.launcher.scenario.Score.Verdict;
import dev.pdm.simulators.scenario.ExpectedOutcome;
import dev.pdm.simulators.scenario.FaultKind;
import dev.pdm.simulators.scenario.GroundTruthFault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScorerTest {

  static final Instant T0 = Instant.parse("2025-06-02T00:00:00Z");
  static final Instant ONE_HOUR_LATER = T0.plus(Duration.ofHours(1));
  static final Instant TWO_HOURS_LATER = T0.plus(Duration.ofHours(2));
  static final Instant FIVE_HOURS_LATER = T0.plus(Duration.ofHours(5));
  static final Instant HORIZON = T0.plus(Duration.ofDays(1));
  static final Instant WALL = Instant.parse("2026-01-01T00:00:00Z");

  static final String GROUND_FAULT = "sunspec-inv:GROUND_FAULT";
  static final String OVER_TEMP = "sunspec-inv:OVER_TEMP";
  static final String HEATSINK = "pdm-predict:HEATSINK_TEMP_RISE";
  static final String BAT_WARN = "sunspec-bat:OVER_TEMP_WARNING";

  int nextId = 1;

  static GroundTruthFault fault(
      String id, FaultKind kind, ExpectedOutcome expected, String serial, String code, Instant at) {
    return new GroundTruthFault(
        id,
        "test",
        kind,
        serial,
        List.of(serial),
        "B1",
        "site-001",
        "1.0",
        List.of(code),
        at,
        at,
        at.plus(Duration.ofHours(3)),
        1,
        expected);
  }

  static GroundTruthFault background(String id, String serial, Instant at) {
    return fault(
        id, FaultKind.BACKGROUND_FAULT, ExpectedOutcome.DEVICE_TICKET, serial, GROUND_FAULT, at);
  }

  StoredTicket ticket(String type, String serial, String kind, Instant firstSeen, String... codes) {
    long id = nextId++;
    return new StoredTicket(
        id,
        type,
        serial,
        "B1",
        List.of(codes),
        WALL.plusSeconds(id),
        1,
        new StoredTicket.Opening("inc-" + id, kind, firstSeen, List.of(codes), false, 0));
  }

  static final Scorer.PublishTimes NO_TIMES = (serial, t) -> Optional.empty();

  static FaultScore only(Score s, String faultId) {
    return s.faults().stream().filter(f -> f.faultId().equals(faultId)).findFirst().orElseThrow();
  }

  @Test
  void aFaultWithItsTicketIsDetectedAndTimedFromThePublishOfItsFirstAlarm() {
    StoredTicket t = ticket("DEVICE_FAULT", "INV-1", "FAULT", ONE_HOUR_LATER, GROUND_FAULT);
    Scorer.PublishTimes times =
        (serial, at) ->
            serial.equals("INV-1") && at.equals(ONE_HOUR_LATER)
                ? Optional.of(t.createdAt().minusMillis(2500))
                : Optional.empty();

    Score s =
        Scorer.score(
            List.of(background("F1", "INV-1", ONE_HOUR_LATER)),
            List.of(t),
            List.of(),
            times,
            HORIZON);

    FaultScore f = only(s, "F1");
    assertThat(f.verdict()).isEqualTo(Verdict.DETECTED);
    assertThat(f.tickets()).containsExactly(t.id());
    assertThat(f.secondsToTicket()).isEqualTo(2.5);
    assertThat(s.falseTickets()).isEmpty();
    assertThat(s.missedFaults()).isZero();
  }

  static GroundTruthFault warning(String id, String serial, Instant at, Duration active) {
    return new GroundTruthFault(
        id,
        "test",
        FaultKind.BACKGROUND_FAULT,
        serial,
        List.of(serial),
        "B1",
        "site-001",
        "1.0",
        List.of("sunspec-bat:OVER_TEMP_WARNING"),
        at,
        at,
        at.plus(active),
        1,
        ExpectedOutcome.DEVICE_TICKET);
  }

  @Test
  void aWarningThatClearsBeforeItsSustainTimeIsNotJudgedButOneThatStaysIsMissedWithoutTicket() {
    Instant at = HORIZON.minus(Duration.ofHours(5));
    Score s =
        Scorer.score(
            List.of(
                warning("SHORT", "BMS-1", at, Duration.ofMinutes(40)),
                warning("LONG", "BMS-2", at, Duration.ofHours(2)),
                warning(
                    "LATE", "BMS-3", HORIZON.minus(Duration.ofMinutes(20)), Duration.ofHours(2))),
            List.of(),
            List.of(),
            NO_TIMES,
            HORIZON);

    assertThat(only(s, "SHORT").verdict()).isEqualTo(Verdict.NOT_DUE);
    assertThat(only(s, "LATE").verdict()).isEqualTo(Verdict.NOT_DUE);
    assertThat(only(s, "LONG").verdict()).isEqualTo(Verdict.MISSED);
    assertThat(s.missedFaults()).isEqualTo(1);
  }

  @Test
  void aSecondTicketForTheSameFaultIsADuplicate() {
    StoredTicket first = ticket("DEVICE_FAULT", "INV-1", "FAULT", ONE_HOUR_LATER, GROUND_FAULT);
    StoredTicket second =
        ticket("DEVICE_FAULT", "INV-1", "FAULT", ONE_HOUR_LATER.plusSeconds(600), GROUND_FAULT);

    Score s =
        Scorer.score(
            List.of(background("F1", "INV-1", ONE_HOUR_LATER)),
            List.of(first, second),
            List.of(),
            NO_TIMES,
            HORIZON);

    assertThat(only(s, "F1").duplicates()).isEqualTo(1);
    assertThat(s.duplicateTickets()).isEqualTo(1);
    assertThat(s.falseTickets()).isEmpty();
  }

  @Test
  void aFaultWithoutTicketIsMissedAndSaysWhetherItsIncidentReachedTheStore() {
    StoredIncident suppressed =
        new StoredIncident(
            "i1", "FAULT", "INV-1", "B1", List.of(GROUND_FAULT), ONE_HOUR_LATER, "SUPPRESS");

    Score s =
        Scorer.score(
            List.of(
                background("F1", "INV-1", ONE_HOUR_LATER),
                background("F2", "INV-2", ONE_HOUR_LATER)),
            List.of(),
            List.of(suppressed),
            NO_TIMES,
            HORIZON);

    assertThat(only(s, "F1").verdict()).isEqualTo(Verdict.MISSED);
    assertThat(only(s, "F1").reachedStore()).isTrue();
    assertThat(only(s, "F2").reachedStore()).isFalse();
    assertThat(s.missedFaults()).isEqualTo(2);
  }

  @Test
  void aFaultAfterTheHorizonIsNotJudged() {
    Score s =
        Scorer.score(
            List.of(background("F1", "INV-1", HORIZON.plusSeconds(1))),
            List.of(),
            List.of(),
            NO_TIMES,
            HORIZON);

    assertThat(only(s, "F1").verdict()).isEqualTo(Verdict.NOT_DUE);
    assertThat(s.missedFaults()).isZero();
  }

  @Test
  void aTicketOnAnotherDeviceOrOutsideTheWindowIsFalse() {
    StoredTicket otherDevice =
        ticket("DEVICE_FAULT", "INV-9", "FAULT", ONE_HOUR_LATER, GROUND_FAULT);
    StoredTicket muchLater =
        ticket(
            "DEVICE_FAULT",
            "INV-1",
            "FAULT",
            ONE_HOUR_LATER.plus(Duration.ofHours(10)),
            GROUND_FAULT);
    StoredTicket otherCode = ticket("DEVICE_FAULT", "INV-1", "FAULT", ONE_HOUR_LATER, OVER_TEMP);

    Score s =
        Scorer.score(
            List.of(background("F1", "INV-1", ONE_HOUR_LATER)),
            List.of(otherDevice, muchLater, otherCode),
            List.of(),
            NO_TIMES,
            HORIZON);

    assertThat(s.falseTickets())
        .extracting(Score.FalseTicket::id)
        .containsExactly(otherDevice.id(), muchLater.id(), otherCode.id());
    assertThat(only(s, "F1").verdict()).isEqualTo(Verdict.MISSED);
  }

  @Test
  void aFaultWhoseCodesWereFoldedIntoAnOpenTicketOfItsDeviceIsDetectedOnThatTicket() {
    StoredTicket earlier =
        new StoredTicket(
            1,
            "DEVICE_FAULT",
            "INV-1",
            "B1",
            List.of("sunspec-inv:DC_OVER_VOLT", GROUND_FAULT),
            WALL,
            2,
            new StoredTicket.Opening(
                "inc-1", "FAULT", T0, List.of("sunspec-inv:DC_OVER_VOLT"), false, 0));
    GroundTruthFault dcFault =
        fault(
            "F0",
            FaultKind.BACKGROUND_FAULT,
            ExpectedOutcome.DEVICE_TICKET,
            "INV-1",
            "sunspec-inv:DC_OVER_VOLT",
            T0);

    Score s =
        Scorer.score(
            List.of(dcFault, background("F1", "INV-1", TWO_HOURS_LATER)),
            List.of(earlier),
            List.of(),
            NO_TIMES,
            HORIZON);

    assertThat(only(s, "F1").verdict()).isEqualTo(Verdict.DETECTED_ON_OPEN_TICKET);
    assertThat(only(s, "F1").note()).contains("folded into #1");
    assertThat(only(s, "F1").tickets()).containsExactly(1L);
    assertThat(s.detectedOnOpenTicket()).isEqualTo(1);
    assertThat(s.missedFaults()).isZero();
    assertThat(s.duplicateTickets()).isZero();
    assertThat(s.falseTickets()).isEmpty();
  }

  @Test
  void degradationCountsOnlyWhenThePredictionCameBeforeTheAlarmAndReportsTheLeadTime() {
    GroundTruthFault degrading =
        new GroundTruthFault(
            "F1",
            "inverter-degradation",
            FaultKind.INVERTER_DEGRADATION,
            "INV-1",
            List.of("INV-1"),
            "B1",
            "site-001",
            "1.0",
            List.of(HEATSINK, OVER_TEMP),
            T0,
            FIVE_HOURS_LATER,
            FIVE_HOURS_LATER.plus(Duration.ofHours(2)),
            1,
            ExpectedOutcome.PREDICTIVE_TICKET);
    GroundTruthFault late =
        new GroundTruthFault(
            "F2",
            "inverter-degradation",
            FaultKind.INVERTER_DEGRADATION,
            "INV-2",
            List.of("INV-2"),
            "B1",
            "site-001",
            "1.0",
            List.of(HEATSINK, OVER_TEMP),
            T0,
            FIVE_HOURS_LATER,
            FIVE_HOURS_LATER.plus(Duration.ofHours(2)),
            1,
            ExpectedOutcome.PREDICTIVE_TICKET);
    StoredTicket predicted =
        ticket("PREDICTIVE_MAINTENANCE", "INV-1", "PREDICTIVE", TWO_HOURS_LATER, HEATSINK);
    StoredTicket onlyTheAlarm =
        ticket("DEVICE_FAULT", "INV-2", "FAULT", FIVE_HOURS_LATER, OVER_TEMP);

    Score s =
        Scorer.score(
            List.of(degrading, late),
            List.of(predicted, onlyTheAlarm),
            List.of(),
            NO_TIMES,
            HORIZON);

    assertThat(only(s, "F1").verdict()).isEqualTo(Verdict.DETECTED);
    assertThat(only(s, "F1").leadTimeHours()).isEqualTo(3.0);
    assertThat(only(s, "F2").verdict()).isEqualTo(Verdict.MISSED);
    assertThat(s.falseTickets()).isEmpty();
  }

  @Test
  void aDefectiveBatchIsFoundByOneProblemTicketAndSaysAfterHowManyFailures() {
    List<GroundTruthFault> truth = new ArrayList<>();
    List<String> serials = List.of("BMS-1", "BMS-2", "BMS-3", "BMS-4");
    truth.add(
        new GroundTruthFault(
            "F0",
            "defective-bms-batch",
            FaultKind.DEFECTIVE_BATCH,
            null,
            serials,
            "B1",
            null,
            null,
            List.of(BAT_WARN),
            T0,
            T0,
            FIVE_HOURS_LATER,
            2,
            ExpectedOutcome.BATCH_PROBLEM));
    for (int i = 0; i < serials.size(); i++) {
      truth.add(
          fault(
              "F" + (i + 1),
              FaultKind.DEFECTIVE_BATCH_DEVICE,
              ExpectedOutcome.DEVICE_TICKET,
              serials.get(i),
              BAT_WARN,
              T0.plus(Duration.ofHours(i))));
    }
    StoredTicket problem =
        new StoredTicket(
            99,
            "BATCH_PROBLEM",
            null,
            "B1",
            List.of(),
            WALL,
            1,
            new StoredTicket.Opening(
                "sig-1", "BATCH_SIGNAL", T0.plus(Duration.ofMinutes(150)), List.of(), false, 3));
    StoredTicket otherBatch =
        new StoredTicket(
            100,
            "BATCH_PROBLEM",
            null,
            "B2",
            List.of(),
            WALL,
            1,
            new StoredTicket.Opening("sig-2", "BATCH_SIGNAL", T0, List.of(), false, 3));

    Score s = Scorer.score(truth, List.of(problem, otherBatch), List.of(), NO_TIMES, HORIZON);

    FaultScore batch = only(s, "F0");
    assertThat(batch.verdict()).isEqualTo(Verdict.DETECTED);
    assertThat(batch.failuresAtBatchTicket()).isEqualTo(3);
    assertThat(batch.groundTruthFailuresBefore()).isEqualTo(3);
    assertThat(s.falseTickets()).extracting(Score.FalseTicket::id).containsExactly(100L);
  }

  @Test
  void aSiteOutageMayBeSuppressedButNeverTicketedTwicePerDevice() {
    List<String> inverters = List.of("INV-1", "INV-2", "INV-3");
    GroundTruthFault outage =
        new GroundTruthFault(
            "F1",
            "site-grid-outage",
            FaultKind.SITE_GRID_OUTAGE,
            null,
            inverters,
            null,
            "site-001",
            null,
            List.of("sunspec-inv:GRID_DISCONNECT", "sunspec-inv:AC_UNDER_VOLT"),
            ONE_HOUR_LATER,
            ONE_HOUR_LATER,
            TWO_HOURS_LATER,
            1,
            ExpectedOutcome.SITE_OUTAGE_ONE_TICKET_PER_DEVICE_OR_SUPPRESSED);

    Score quiet = Scorer.score(List.of(outage), List.of(), List.of(), NO_TIMES, HORIZON);
    Score twice =
        Scorer.score(
            List.of(outage),
            List.of(
                ticket(
                    "DEVICE_FAULT",
                    "INV-1",
                    "FAULT",
                    ONE_HOUR_LATER,
                    "sunspec-inv:GRID_DISCONNECT"),
                ticket(
                    "DEVICE_FAULT", "INV-1", "FAULT", ONE_HOUR_LATER, "sunspec-inv:AC_UNDER_VOLT")),
            List.of(),
            NO_TIMES,
            HORIZON);

    assertThat(only(quiet, "F1").verdict()).isEqualTo(Verdict.DETECTED);
    assertThat(only(twice, "F1").verdict()).isEqualTo(Verdict.WRONGLY_TICKETED);
    assertThat(twice.duplicateTickets()).isEqualTo(1);
  }

  @Test
  void aTicketForMaintenanceNoiseIsFalseAndSaysSo() {
    GroundTruthFault noise =
        fault(
            "F1",
            FaultKind.MAINTENANCE_NOISE,
            ExpectedOutcome.NO_TICKET,
            "INV-1",
            "sunspec-inv:CABINET_OPEN",
            ONE_HOUR_LATER);
    StoredTicket t =
        ticket("DEVICE_FAULT", "INV-1", "FAULT", ONE_HOUR_LATER, "sunspec-inv:CABINET_OPEN");

    Score s = Scorer.score(List.of(noise), List.of(t), List.of(), NO_TIMES, HORIZON);

    assertThat(only(s, "F1").verdict()).isEqualTo(Verdict.WRONGLY_TICKETED);
    assertThat(s.falseTickets())
        .singleElement()
        .satisfies(f -> assertThat(f.why()).contains("maintenance noise"));
    assertThat(s.byKind())
        .filteredOn(k -> k.kind().equals("MAINTENANCE_NOISE"))
        .singleElement()
        .satisfies(k -> assertThat(k.missed()).isEqualTo(1));
  }

  /** INV-1's ticket for an over-temperature fault at T0 (ticket codes: only OVER_TEMP). */
  StoredTicket overTempTicket(String serial) {
    return ticket("DEVICE_FAULT", serial, "FAULT", T0, OVER_TEMP);
  }

  static GroundTruthFault overTemp(String id, String serial) {
    return fault(
        id, FaultKind.BACKGROUND_FAULT, ExpectedOutcome.DEVICE_TICKET, serial, OVER_TEMP, T0);
  }

  static StoredIncident groundFaultIncident(
      String serial, Instant firstSeen, StoredIncident.Decided... decisions) {
    return new StoredIncident(
        "inc-gf",
        "FAULT",
        serial,
        "B1",
        List.of(GROUND_FAULT),
        firstSeen,
        decisions[decisions.length - 1].decision(),
        List.of(decisions));
  }

  @Test
  void aFaultEscalatedIntoTheDevicesOpenTicketIsDetectedOnThatTicketNotMissed() {
    StoredTicket open = overTempTicket("INV-1");
    StoredIncident escalated =
        groundFaultIncident(
            "INV-1", TWO_HOURS_LATER, new StoredIncident.Decided(1, "ESCALATE", open.id()));

    Score s =
        Scorer.score(
            List.of(overTemp("F0", "INV-1"), background("F1", "INV-1", TWO_HOURS_LATER)),
            List.of(open),
            List.of(escalated),
            NO_TIMES,
            HORIZON);

    FaultScore f = only(s, "F1");
    assertThat(f.verdict()).isEqualTo(Verdict.DETECTED_ON_OPEN_TICKET);
    assertThat(f.tickets()).containsExactly(open.id());
    assertThat(f.note()).contains("decided ESCALATE into #" + open.id());
    assertThat(only(s, "F0").verdict()).isEqualTo(Verdict.DETECTED);
    assertThat(s.missedFaults()).isZero();
    assertThat(s.detectedOnOpenTicket()).isEqualTo(1);
    assertThat(s.duplicateTickets()).isZero();
    assertThat(s.falseTickets()).isEmpty();
    assertThat(s.byKind())
        .singleElement()
        .satisfies(
            k -> {
              assertThat(k.detected()).isEqualTo(1);
              assertThat(k.onOpenTicket()).isEqualTo(1);
              assertThat(k.missed()).isZero();
            });
  }

  @Test
  void aFoldRecordedOnALaterVersionOfTheIncidentCountsOnTheOpenTicket() {
    StoredTicket open = overTempTicket("INV-1");
    StoredIncident folded =
        groundFaultIncident(
            "INV-1",
            TWO_HOURS_LATER,
            new StoredIncident.Decided(1, "SUPPRESS", null),
            new StoredIncident.Decided(2, "FOLD", open.id()));

    Score s =
        Scorer.score(
            List.of(overTemp("F0", "INV-1"), background("F1", "INV-1", TWO_HOURS_LATER)),
            List.of(open),
            List.of(folded),
            NO_TIMES,
            HORIZON);

    assertThat(only(s, "F1").verdict()).isEqualTo(Verdict.DETECTED_ON_OPEN_TICKET);
    assertThat(only(s, "F1").note()).contains("v2 decided FOLD into #" + open.id());
  }

  @Test
  void aFaultWhoseIncidentWasOnlySuppressedOrEscalatedIntoAnotherDevicesTicketIsStillMissed() {
    StoredTicket otherDevice = overTempTicket("INV-2");
    StoredIncident suppressed =
        groundFaultIncident(
            "INV-1", TWO_HOURS_LATER, new StoredIncident.Decided(1, "SUPPRESS", null));
    StoredIncident elsewhere =
        groundFaultIncident(
            "INV-3", TWO_HOURS_LATER, new StoredIncident.Decided(1, "ESCALATE", otherDevice.id()));

    Score s =
        Scorer.score(
            List.of(
                overTemp("F0", "INV-2"),
                background("F1", "INV-1", TWO_HOURS_LATER),
                background("F3", "INV-3", TWO_HOURS_LATER)),
            List.of(otherDevice),
            List.of(suppressed, elsewhere),
            NO_TIMES,
            HORIZON);

    assertThat(only(s, "F1").verdict()).isEqualTo(Verdict.MISSED);
    assertThat(only(s, "F1").note()).contains("rules decided SUPPRESS");
    assertThat(only(s, "F3").verdict()).isEqualTo(Verdict.MISSED);
    assertThat(s.missedFaults()).isEqualTo(2);
    assertThat(s.detectedOnOpenTicket()).isZero();
  }

  @Test
  void aPredictionEscalatedIntoAnOpenTicketIsNotAPrediction() {
    StoredTicket open = overTempTicket("INV-1");
    GroundTruthFault degradation =
        fault(
            "F1",
            FaultKind.INVERTER_DEGRADATION,
            ExpectedOutcome.PREDICTIVE_TICKET,
            "INV-1",
            GROUND_FAULT,
            TWO_HOURS_LATER);
    StoredIncident escalated =
        groundFaultIncident(
            "INV-1", TWO_HOURS_LATER, new StoredIncident.Decided(1, "ESCALATE", open.id()));

    Score s =
        Scorer.score(
            List.of(overTemp("F0", "INV-1"), degradation),
            List.of(open),
            List.of(escalated),
            NO_TIMES,
            HORIZON);

    assertThat(only(s, "F1").verdict()).isEqualTo(Verdict.MISSED);
    assertThat(s.detectedOnOpenTicket()).isZero();
  }

  @Test
  void theReportShowsTheOpenTicketCategoryApartFromMissed() {
    StoredTicket open = overTempTicket("INV-1");
    Score s =
        Scorer.score(
            List.of(overTemp("F0", "INV-1"), background("F1", "INV-1", TWO_HOURS_LATER)),
            List.of(open),
            List.of(
                groundFaultIncident(
                    "INV-1",
                    TWO_HOURS_LATER,
                    new StoredIncident.Decided(1, "ESCALATE", open.id()))),
            NO_TIMES,
            HORIZON);

    String md = ReportWriter.markdown(ReportWriterFixture.report(s));

    assertThat(md).contains("missed faults 0, detected on the device's open ticket 1");
    assertThat(md).contains("| BACKGROUND_FAULT | 2 | 2 | 1 | 1 | 0 | 0 |");
    assertThat(md).contains("- F1 BACKGROUND_FAULT INV-1: incident inc-gf v1 decided ESCALATE");
  }
}
