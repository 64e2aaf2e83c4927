package dev.pdm.stream.correlation;

import static dev.pdm.stream.correlation.Alarms.AC_UNDER_VOLT;
import static dev.pdm.stream.correlation.Alarms.CABINET_OPEN;
import static dev.pdm.stream.correlation.Alarms.DC_OVER_VOLT;
import static dev.pdm.stream.correlation.Alarms.GRID_DISCONNECT;
import static dev.pdm.stream.correlation.Alarms.GROUND_FAULT;
import static dev.pdm.stream.correlation.Alarms.ONE_MINUTE_LATER;
import static dev.pdm.stream.correlation.Alarms.OVER_TEMP_ALARM;
import static dev.pdm.stream.correlation.Alarms.OVER_TEMP_WARNING;
import static dev.pdm.stream.correlation.Alarms.SITE_B;
import static dev.pdm.stream.correlation.Alarms.T0;
import static dev.pdm.stream.correlation.Alarms.TEN_SECONDS_LATER;
import static dev.pdm.stream.correlation.Alarms.TWO_MINUTES_LATER;
import static dev.pdm.stream.correlation.Alarms.alarm;
import static dev.pdm.stream.correlation.Alarms.minutesAfterT0;
import static dev.pdm.stream.correlation.Alarms.telemetry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.TelemetryReading;
import dev.pdm.model.incident.Incident;
import dev.pdm.model.incident.IncidentStatus;
import dev.pdm.model.incident.SuppressedSymptom;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SiteCorrelationFunctionTest {

  /** Past the allowed lateness (24 h), after which no event id of these tests is remembered. */
  private static final Instant MUCH_LATER = minutesAfterT0(48 * 60);

  private KeyedTwoInputStreamOperatorTestHarness<String, AlarmEvent, TelemetryReading, Incident>
      harness;

  @BeforeEach
  void start() throws Exception {
    harness = newHarness();
    harness.open();
  }

  private static KeyedTwoInputStreamOperatorTestHarness<
          String, AlarmEvent, TelemetryReading, Incident>
      newHarness() throws Exception {
    return new KeyedTwoInputStreamOperatorTestHarness<>(
        new KeyedCoProcessOperator<>(new SiteCorrelationFunction(IncidentRules.defaults())),
        AlarmEvent::site,
        TelemetryReading::site,
        Types.STRING);
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void repeatWhileActiveUpdatesTheSameIncident() throws Exception {
    send(alarm("inv-1", GROUND_FAULT).raisedAt(T0));
    send(alarm("inv-1", GROUND_FAULT).raisedAt(ONE_MINUTE_LATER));
    advanceTo(TWO_MINUTES_LATER);

    assertThat(incidents()).singleElement().satisfies(i -> assertThat(i.version()).isEqualTo(1));

    advanceTo(minutesAfterT0(10));
    List<Incident> all = incidents();
    assertThat(all).hasSize(2);
    assertThat(all).extracting(Incident::incidentId).containsOnly(all.get(0).incidentId());
    Incident update = all.get(1);
    assertThat(update.version()).isEqualTo(2);
    assertThat(update.occurrences()).isEqualTo(2);
    assertThat(update.lastSeen()).isEqualTo(ONE_MINUTE_LATER);
    assertThat(update.status()).isEqualTo(IncidentStatus.ACTIVE);
  }

  @Test
  void repeatsAreThrottledNotPublishedOneByOne() throws Exception {
    send(alarm("inv-1", GROUND_FAULT).raisedAt(T0));
    for (int s = 5; s < 60; s += 5) {
      send(alarm("inv-1", GROUND_FAULT).raisedAt(T0.plusSeconds(s)));
    }
    advanceTo(minutesAfterT0(4));
    assertThat(incidents()).hasSize(1);
    advanceTo(minutesAfterT0(6));
    assertThat(incidents()).hasSize(2).last().extracting(Incident::occurrences).isEqualTo(12);
  }

  @Test
  void raiseAfterClearStartsANewIncident() throws Exception {
    send(alarm("inv-1", GROUND_FAULT).raisedAt(T0));
    send(alarm("inv-1", GROUND_FAULT).clearedAt(ONE_MINUTE_LATER));
    send(alarm("inv-1", GROUND_FAULT).raisedAt(minutesAfterT0(20)));
    advanceTo(minutesAfterT0(21));

    List<Incident> all = incidents();
    assertThat(all)
        .extracting(Incident::status)
        .containsExactly(IncidentStatus.ACTIVE, IncidentStatus.CLEARED, IncidentStatus.ACTIVE);
    assertThat(all.get(1).clearedAt()).isEqualTo(ONE_MINUTE_LATER);
    assertThat(all.get(2).incidentId()).isNotEqualTo(all.get(0).incidentId());
    assertThat(all.get(2).firstSeen()).isEqualTo(minutesAfterT0(20));
    assertThat(all.get(2).version()).isEqualTo(1);
  }

  @Test
  void clearWithinHoldTimeKeepsTheIncidentOpen() throws Exception {
    send(alarm("inv-1", GROUND_FAULT).raisedAt(T0));
    send(alarm("inv-1", GROUND_FAULT).clearedAt(TEN_SECONDS_LATER));
    send(alarm("inv-1", GROUND_FAULT).raisedAt(ONE_MINUTE_LATER));
    advanceTo(minutesAfterT0(4));

    assertThat(incidents()).extracting(Incident::status).containsOnly(IncidentStatus.ACTIVE);
    assertThat(incidents()).extracting(Incident::incidentId).containsOnly(firstId());
  }

  @Test
  void codesWithinGroupWindowFormOneIncident() throws Exception {
    send(alarm("inv-1", GROUND_FAULT).raisedAt(T0));
    send(alarm("inv-1", DC_OVER_VOLT).raisedAt(TEN_SECONDS_LATER));
    send(alarm("inv-1", "sunspec-inv:BLOWN_STRING_FUSE").raisedAt(TWO_MINUTES_LATER));
    advanceTo(minutesAfterT0(3));

    List<Incident> all = incidents();
    assertThat(all).hasSize(3);
    assertThat(all.get(1).incidentId()).isEqualTo(all.get(0).incidentId());
    assertThat(all.get(1).codes()).containsExactly(GROUND_FAULT, DC_OVER_VOLT);
    assertThat(all.get(1).primaryCode()).isEqualTo(GROUND_FAULT);
    assertThat(all.get(2).incidentId()).isNotEqualTo(all.get(0).incidentId());
    assertThat(all.get(2).codes()).containsExactly("sunspec-inv:BLOWN_STRING_FUSE");
  }

  @Test
  void flappingHoldsTheIncidentOpen() throws Exception {
    send(alarm("inv-1", GROUND_FAULT).raisedAt(T0));
    send(alarm("inv-1", GROUND_FAULT).clearedAt(minutesAfterT0(1)));
    send(alarm("inv-1", GROUND_FAULT).raisedAt(minutesAfterT0(2)));
    send(alarm("inv-1", GROUND_FAULT).clearedAt(minutesAfterT0(3)));
    send(alarm("inv-1", GROUND_FAULT).raisedAt(minutesAfterT0(4)));
    send(alarm("inv-1", GROUND_FAULT).clearedAt(minutesAfterT0(5)));
    advanceTo(minutesAfterT0(5 + 3));

    assertThat(incidents()).extracting(Incident::incidentId).containsOnly(firstId());
    assertThat(incidents()).extracting(Incident::status).containsOnly(IncidentStatus.ACTIVE);
    assertThat(incidents())
        .last()
        .satisfies(
            i -> {
              assertThat(i.flapping()).isTrue();
              assertThat(i.flapCount()).isGreaterThanOrEqualTo(4);
            });

    advanceTo(minutesAfterT0(5 + 15));
    assertThat(incidents())
        .last()
        .satisfies(
            i -> {
              assertThat(i.status()).isEqualTo(IncidentStatus.CLEARED);
              assertThat(i.incidentId()).isEqualTo(firstId());
              assertThat(i.occurrences()).isEqualTo(3);
            });
  }

  @Test
  void warningMustPersistForPendingTime() throws Exception {
    send(alarm("inv-1", CABINET_OPEN).raisedAt(T0));
    send(alarm("inv-1", CABINET_OPEN).clearedAt(TWO_MINUTES_LATER));
    advanceTo(minutesAfterT0(30));
    assertThat(incidents()).isEmpty();

    send(alarm("inv-1", CABINET_OPEN).raisedAt(minutesAfterT0(40)));
    advanceTo(minutesAfterT0(44));
    assertThat(incidents()).isEmpty();
    advanceTo(minutesAfterT0(45));
    assertThat(incidents())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.primaryCode()).isEqualTo(CABINET_OPEN);
              assertThat(i.firstSeen()).isEqualTo(minutesAfterT0(40));
            });
  }

  @Test
  void quietActiveWarningIsPublishedAgainWhenItHasLastedTheSustainTime() throws Exception {
    send(alarm("inv-1", CABINET_OPEN).raisedAt(T0));
    advanceTo(minutesAfterT0(59));
    assertThat(incidents())
        .singleElement()
        .satisfies(i -> assertThat(i.asOf()).isEqualTo(minutesAfterT0(5)));

    advanceTo(minutesAfterT0(60));
    List<Incident> all = incidents();
    assertThat(all).hasSize(2);
    Incident sustained = all.get(1);
    assertThat(sustained.incidentId()).isEqualTo(all.get(0).incidentId());
    assertThat(sustained.version()).isEqualTo(2);
    assertThat(sustained.status()).isEqualTo(IncidentStatus.ACTIVE);
    assertThat(sustained.firstSeen()).isEqualTo(T0);
    assertThat(sustained.lastSeen()).isEqualTo(T0);
    assertThat(sustained.occurrences()).isEqualTo(1);
    assertThat(sustained.asOf()).isEqualTo(minutesAfterT0(60));

    // once is enough: a warning raised all day is not re-published every hour
    advanceTo(minutesAfterT0(10 * 60));
    assertThat(incidents()).hasSize(2);

    send(alarm("inv-1", CABINET_OPEN).clearedAt(minutesAfterT0(10 * 60 + 1)));
    advanceTo(MUCH_LATER);
    assertThat(incidents())
        .extracting(Incident::status)
        .containsExactly(IncidentStatus.ACTIVE, IncidentStatus.ACTIVE, IncidentStatus.CLEARED);
    assertNothingLeftButTheMeters();
  }

  @Test
  void warningClearedBeforeTheSustainTimeGetsNoFurtherVersion() throws Exception {
    send(alarm("inv-1", CABINET_OPEN).raisedAt(T0));
    send(alarm("inv-1", CABINET_OPEN).clearedAt(minutesAfterT0(30)));
    advanceTo(MUCH_LATER);

    List<Incident> all = incidents();
    assertThat(all)
        .extracting(Incident::status)
        .containsExactly(IncidentStatus.ACTIVE, IncidentStatus.CLEARED);
    assertThat(all.get(1).clearedAt()).isEqualTo(minutesAfterT0(30));
    assertThat(all.get(1).asOf()).isEqualTo(minutesAfterT0(32));
    assertNothingLeftButTheMeters();
  }

  @Test
  void warningRaisedAgainWithinItsHoldAfterTheSustainTimeIsPublishedThenOnce() throws Exception {
    send(alarm("inv-1", CABINET_OPEN).raisedAt(T0));
    send(alarm("inv-1", CABINET_OPEN).clearedAt(minutesAfterT0(59)));
    advanceTo(minutesAfterT0(60));
    assertThat(incidents()).hasSize(1);

    send(alarm("inv-1", CABINET_OPEN).raisedAt(T0.plusSeconds(60 * 60 + 30)));
    advanceTo(minutesAfterT0(3 * 60));
    List<Incident> all = incidents();
    assertThat(all).hasSize(2);
    assertThat(all.get(1).incidentId()).isEqualTo(all.get(0).incidentId());
    assertThat(all.get(1).occurrences()).isEqualTo(2);
    assertThat(all.get(1).asOf()).isEqualTo(T0.plusSeconds(60 * 60 + 30));
  }

  @Test
  void majorFaultGetsNoSustainVersion() throws Exception {
    send(alarm("inv-1", GROUND_FAULT).raisedAt(T0));
    advanceTo(minutesAfterT0(3 * 60));
    assertThat(incidents()).singleElement().extracting(Incident::version).isEqualTo(1L);
  }

  @Test
  void warningTogglingFasterThanItsPendingTimeOpensOneFlappingIncident() throws Exception {
    for (int i = 0; i < 3; i++) {
      send(alarm("bms-1", OVER_TEMP_WARNING).raisedAt(minutesAfterT0(2 * i)));
      send(alarm("bms-1", OVER_TEMP_WARNING).clearedAt(minutesAfterT0(2 * i + 1)));
    }
    advanceTo(minutesAfterT0(6));

    assertThat(incidents())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.primaryCode()).isEqualTo(OVER_TEMP_WARNING);
              assertThat(i.status()).isEqualTo(IncidentStatus.ACTIVE);
              assertThat(i.flapping()).isTrue();
              assertThat(i.firstSeen()).isEqualTo(T0);
              assertThat(i.occurrences()).isEqualTo(3);
            });

    advanceTo(MUCH_LATER);
    assertThat(incidents()).last().extracting(Incident::status).isEqualTo(IncidentStatus.CLEARED);
    assertNothingLeftButTheMeters();
  }

  @Test
  void shortRaisesOutsideTheFlapWindowAreForgottenAndLeaveNoState() throws Exception {
    send(alarm("bms-1", OVER_TEMP_WARNING).raisedAt(T0));
    send(alarm("bms-1", OVER_TEMP_WARNING).clearedAt(minutesAfterT0(1)));
    send(alarm("bms-1", OVER_TEMP_WARNING).raisedAt(minutesAfterT0(30)));
    send(alarm("bms-1", OVER_TEMP_WARNING).clearedAt(minutesAfterT0(31)));
    advanceTo(MUCH_LATER);

    assertThat(incidents()).isEmpty();
    assertNothingLeftButTheMeters();
  }

  @Test
  void alarmMutesItsWarningTwin() throws Exception {
    send(alarm("bms-1", OVER_TEMP_ALARM).raisedAt(T0));
    send(alarm("bms-1", OVER_TEMP_WARNING).raisedAt(ONE_MINUTE_LATER));
    advanceTo(minutesAfterT0(30));

    List<Incident> all = incidents();
    assertThat(all).extracting(Incident::incidentId).containsOnly(firstId());
    assertThat(all).allSatisfy(i -> assertThat(i.codes()).containsExactly(OVER_TEMP_ALARM));
    assertThat(all.get(all.size() - 1).suppressed())
        .containsExactly(
            new SuppressedSymptom("bms-1", OVER_TEMP_WARNING, ONE_MINUTE_LATER, OVER_TEMP_ALARM));
  }

  @Test
  void alarmRaisedWhileItsWarningIsPendingRecordsTheWarningAsSuppressed() throws Exception {
    send(alarm("bms-1", OVER_TEMP_WARNING).raisedAt(T0));
    send(alarm("bms-1", OVER_TEMP_ALARM).raisedAt(ONE_MINUTE_LATER));
    advanceTo(minutesAfterT0(30));

    assertThat(incidents()).extracting(Incident::primaryCode).containsOnly(OVER_TEMP_ALARM);
    assertThat(incidents())
        .last()
        .satisfies(
            i ->
                assertThat(i.suppressed())
                    .extracting(SuppressedSymptom::code)
                    .containsExactly(OVER_TEMP_WARNING));
  }

  @Test
  void anIndependentBatteryFaultDuringAGridOutageOpensItsOwnIncident() throws Exception {
    String contactorError = "sunspec-bat:CONTACTOR_ERROR";
    send(alarm("inv-1", GRID_DISCONNECT).raisedAt(T0));
    send(alarm("inv-1", AC_UNDER_VOLT).raisedAt(T0));
    send(alarm("bms-1", contactorError).raisedAt(T0));
    send(alarm("bms-2", contactorError).raisedAt(minutesAfterT0(10)));
    send(alarm("inv-1", GRID_DISCONNECT).clearedAt(minutesAfterT0(20)));
    send(alarm("inv-1", AC_UNDER_VOLT).clearedAt(minutesAfterT0(20)));
    advanceTo(minutesAfterT0(30));

    assertThat(incidents())
        .filteredOn(i -> i.primaryCode().equals(contactorError))
        .extracting(Incident::serial)
        .containsExactly("bms-1", "bms-2");
    assertThat(incidents())
        .flatExtracting(Incident::suppressed)
        .extracting(SuppressedSymptom::code)
        .containsOnly(AC_UNDER_VOLT);
  }

  @Test
  void gridDisconnectMutesUnderVoltageAtTheSite() throws Exception {
    send(alarm("inv-1", GRID_DISCONNECT).raisedAt(T0));
    send(alarm("inv-2", AC_UNDER_VOLT).raisedAt(TEN_SECONDS_LATER));
    send(alarm("inv-3", AC_UNDER_VOLT).raisedAt(TEN_SECONDS_LATER));
    send(alarm("inv-9", AC_UNDER_VOLT).atSite(SITE_B).raisedAt(TEN_SECONDS_LATER));
    advanceTo(minutesAfterT0(30));

    List<Incident> all = incidents();
    assertThat(all).extracting(Incident::serial).containsOnly("inv-1", "inv-9");
    Incident cause = all.stream().filter(i -> i.serial().equals("inv-1")).reduce((a, b) -> b).get();
    assertThat(cause.suppressed())
        .extracting(
            SuppressedSymptom::serial, SuppressedSymptom::code, SuppressedSymptom::causeCode)
        .containsExactlyInAnyOrder(
            Tuple.tuple("inv-2", AC_UNDER_VOLT, GRID_DISCONNECT),
            Tuple.tuple("inv-3", AC_UNDER_VOLT, GRID_DISCONNECT));
  }

  @Test
  void causeAndSymptomRaisedInOneFrameMuteTheSymptomWhateverTheirOrder() throws Exception {
    send(alarm("inv-2", AC_UNDER_VOLT).raisedAt(T0));
    send(alarm("inv-1", AC_UNDER_VOLT).raisedAt(T0));
    send(alarm("inv-1", GRID_DISCONNECT).raisedAt(T0));
    advanceTo(minutesAfterT0(30));

    assertThat(incidents()).extracting(Incident::serial).containsOnly("inv-1");
    assertThat(incidents()).extracting(Incident::primaryCode).containsOnly(GRID_DISCONNECT);
    assertThat(incidents())
        .last()
        .satisfies(
            i ->
                assertThat(i.suppressed())
                    .extracting(SuppressedSymptom::serial)
                    .containsExactlyInAnyOrder("inv-1", "inv-2"));
  }

  @Test
  void symptomAfterTheSiteCauseClearedOpensItsOwnIncident() throws Exception {
    send(alarm("inv-1", GRID_DISCONNECT).raisedAt(T0));
    send(alarm("inv-1", GRID_DISCONNECT).clearedAt(ONE_MINUTE_LATER));
    send(alarm("inv-2", AC_UNDER_VOLT).raisedAt(minutesAfterT0(10)));
    advanceTo(minutesAfterT0(30));

    assertThat(incidents()).extracting(Incident::serial).contains("inv-2");
  }

  @Test
  void symptomStillRaisedWhenTheSiteCauseClearsCountsFromThen() throws Exception {
    send(alarm("inv-1", GRID_DISCONNECT).raisedAt(T0));
    send(alarm("inv-2", AC_UNDER_VOLT).raisedAt(TEN_SECONDS_LATER));
    send(alarm("inv-3", AC_UNDER_VOLT).raisedAt(TEN_SECONDS_LATER));
    send(alarm("inv-3", AC_UNDER_VOLT).clearedAt(ONE_MINUTE_LATER));
    send(alarm("inv-1", GRID_DISCONNECT).clearedAt(TWO_MINUTES_LATER));
    advanceTo(minutesAfterT0(30));

    assertThat(incidents()).extracting(Incident::serial).doesNotContain("inv-3");
    assertThat(incidents())
        .filteredOn(i -> i.serial().equals("inv-2"))
        .first()
        .satisfies(
            i -> {
              assertThat(i.primaryCode()).isEqualTo(AC_UNDER_VOLT);
              assertThat(i.firstSeen()).isEqualTo(TWO_MINUTES_LATER);
            });
  }

  @Test
  void outOfOrderEventsAreProcessedInEventTimeOrder() throws Exception {
    send(alarm("inv-1", GROUND_FAULT).clearedAt(ONE_MINUTE_LATER));
    send(alarm("inv-1", GROUND_FAULT).raisedAt(T0));
    advanceTo(minutesAfterT0(10));

    assertThat(incidents())
        .extracting(Incident::status)
        .containsExactly(IncidentStatus.ACTIVE, IncidentStatus.CLEARED);
    assertThat(incidents().get(1).clearedAt()).isEqualTo(ONE_MINUTE_LATER);
  }

  @Test
  void aDeviceReportingHoursBehindItsSiteMatesStillOpensItsFault() throws Exception {
    // inv-1's own connection was down while the site's meter moved site time three hours on
    advanceTo(minutesAfterT0(180));
    send(alarm("inv-1", DC_OVER_VOLT).raisedAt(minutesAfterT0(10)));
    advanceTo(minutesAfterT0(181));

    assertThat(incidents())
        .extracting(Incident::serial, Incident::status, Incident::firstSeen)
        .containsExactly(tuple("inv-1", IncidentStatus.ACTIVE, minutesAfterT0(10)));
  }

  @Test
  void lateRaiseBeyondAllowedLatenessCountsOnAnActiveIncidentButOpensNothing() throws Exception {
    int dayAndAnHour = 25 * 60;
    send(alarm("inv-1", GROUND_FAULT).raisedAt(minutesAfterT0(dayAndAnHour)));
    advanceTo(minutesAfterT0(dayAndAnHour + 1));
    send(alarm("inv-1", GROUND_FAULT).raisedAt(T0));
    send(alarm("inv-1", DC_OVER_VOLT).raisedAt(T0));
    advanceTo(minutesAfterT0(dayAndAnHour + 20));

    assertThat(incidents()).extracting(Incident::incidentId).containsOnly(firstId());
    assertThat(incidents())
        .last()
        .satisfies(
            i -> {
              assertThat(i.occurrences()).isEqualTo(2);
              assertThat(i.codes()).containsExactly(GROUND_FAULT);
            });
  }

  @Test
  void aSiteFlushingHoursOfBufferAfterTheFleetMovedOnIsCorrelatedAsIfLive() throws Exception {
    siteReports(Alarms.SITE_A, T0);
    // site A's gateway goes offline; site B keeps reporting for five hours
    for (int m = 0; m <= 5 * 60; m += 10) {
      siteReports(SITE_B, minutesAfterT0(m));
      othersMoveTimeTo(minutesAfterT0(m));
    }
    assertThat(incidents()).isEmpty();

    // the buffer arrives in order: a fault at 1 h that clears at 1 h 20 and one at 3 h
    for (int m = 1; m <= 4 * 60; m++) {
      Instant at = minutesAfterT0(m);
      if (m == 60) {
        send(alarm("inv-1", GROUND_FAULT).raisedAt(at));
      } else if (m == 80) {
        send(alarm("inv-1", GROUND_FAULT).clearedAt(at));
      } else if (m == 180) {
        send(alarm("inv-2", DC_OVER_VOLT).raisedAt(at));
      }
      siteReports(Alarms.SITE_A, at);
    }

    List<Incident> all = incidents();
    assertThat(all)
        .extracting(Incident::serial, Incident::status, Incident::firstSeen)
        .containsExactly(
            Tuple.tuple("inv-1", IncidentStatus.ACTIVE, minutesAfterT0(60)),
            Tuple.tuple("inv-1", IncidentStatus.CLEARED, minutesAfterT0(60)),
            Tuple.tuple("inv-2", IncidentStatus.ACTIVE, minutesAfterT0(180)));
    assertThat(all.get(1).clearedAt()).isEqualTo(minutesAfterT0(80));
    assertThat(all.get(1).asOf()).isEqualTo(minutesAfterT0(82));
  }

  @Test
  void aSilentSiteDoesNotPromoteAWarningWhoseClearIsStillInItsGatewaysBuffer() throws Exception {
    send(alarm("bms-1", OVER_TEMP_WARNING).raisedAt(T0));
    siteReports(Alarms.SITE_A, T0);
    for (int m = 0; m <= 60; m += 10) {
      siteReports(SITE_B, minutesAfterT0(m));
      othersMoveTimeTo(minutesAfterT0(m));
    }
    assertThat(incidents()).isEmpty();

    send(alarm("bms-1", OVER_TEMP_WARNING).clearedAt(minutesAfterT0(3)));
    siteReports(Alarms.SITE_A, minutesAfterT0(30));
    assertThat(incidents()).isEmpty();
  }

  @Test
  void aFaultRaisedJustBeforeItsSiteFellSilentStillOpensAnIncident() throws Exception {
    siteReports(Alarms.SITE_A, T0);
    send(alarm("inv-1", GROUND_FAULT).raisedAt(TEN_SECONDS_LATER));
    othersMoveTimeTo(minutesAfterT0(30));

    assertThat(incidents())
        .singleElement()
        .satisfies(i -> assertThat(i.firstSeen()).isEqualTo(TEN_SECONDS_LATER));
  }

  @Test
  void redeliveredRaiseCountsOnceAndDoesNotReopenAClearedIncident() throws Exception {
    AlarmEvent raise = alarm("inv-1", GROUND_FAULT).raisedAt(T0);
    send(raise);
    send(raise);
    send(alarm("inv-1", GROUND_FAULT).clearedAt(ONE_MINUTE_LATER));
    advanceTo(minutesAfterT0(10));
    send(raise);
    advanceTo(minutesAfterT0(20));

    assertThat(incidents()).extracting(Incident::incidentId).containsOnly(firstId());
    assertThat(incidents())
        .extracting(Incident::status)
        .containsExactly(IncidentStatus.ACTIVE, IncidentStatus.CLEARED);
    assertThat(incidents()).last().extracting(Incident::occurrences).isEqualTo(1);
  }

  @Test
  void incidentsCarryTheDevicesRecentTelemetryAsEvidence() throws Exception {
    harness.processElement2(telemetry("inv-1", Alarms.SITE_A, T0.minusSeconds(3600), 40), 0);
    for (int s = 0; s < 5; s++) {
      Instant at = T0.minusSeconds(240 - s * 60L);
      harness.processElement2(telemetry("inv-1", Alarms.SITE_A, at, 50 + s), at.toEpochMilli());
    }
    harness.processElement2(telemetry("inv-2", Alarms.SITE_A, T0, 99), T0.toEpochMilli());
    send(alarm("inv-1", GROUND_FAULT).raisedAt(T0));
    advanceTo(ONE_MINUTE_LATER);

    assertThat(incidents())
        .singleElement()
        .satisfies(
            i ->
                assertThat(i.evidence())
                    .extracting(p -> p.metrics().get("heatsink_temp_c"))
                    .containsExactly(50.0, 51.0, 52.0, 53.0, 54.0));
  }

  @Test
  void stateAndTimersAreCleanedUpOnceIncidentsClearAndHoldTimesPass() throws Exception {
    harness.processElement2(telemetry("inv-1", Alarms.SITE_A, T0, 50), T0.toEpochMilli());
    send(alarm("inv-1", GRID_DISCONNECT).raisedAt(T0));
    send(alarm("inv-2", AC_UNDER_VOLT).raisedAt(TEN_SECONDS_LATER));
    send(alarm("inv-1", GROUND_FAULT).raisedAt(minutesAfterT0(5)));
    send(alarm("bms-1", OVER_TEMP_WARNING).raisedAt(minutesAfterT0(5)));
    send(alarm("inv-1", GROUND_FAULT).raisedAt(minutesAfterT0(6)));
    advanceTo(minutesAfterT0(7));
    assertThat(harness.numKeyedStateEntries()).isPositive();
    assertThat(harness.numEventTimeTimers()).isPositive();

    send(alarm("inv-2", AC_UNDER_VOLT).clearedAt(minutesAfterT0(7)));
    send(alarm("inv-1", GRID_DISCONNECT).clearedAt(minutesAfterT0(8)));
    send(alarm("inv-1", GROUND_FAULT).clearedAt(minutesAfterT0(8)));
    send(alarm("bms-1", OVER_TEMP_WARNING).clearedAt(minutesAfterT0(20)));
    advanceTo(MUCH_LATER);

    assertThat(incidents()).extracting(Incident::status).contains(IncidentStatus.CLEARED);
    assertNothingLeftButTheMeters();
  }

  @Test
  void stateAndTimersSurviveACheckpointRestore() throws Exception {
    harness.processElement2(telemetry("inv-1", Alarms.SITE_A, T0, 50), T0.toEpochMilli());
    send(alarm("inv-1", GROUND_FAULT).raisedAt(T0));
    send(alarm("inv-1", DC_OVER_VOLT).raisedAt(TEN_SECONDS_LATER));
    send(alarm("inv-1", GRID_DISCONNECT).raisedAt(TEN_SECONDS_LATER));
    advanceTo(T0.plusSeconds(5));
    String id = firstId();
    var checkpoint = harness.snapshot(1, T0.toEpochMilli());
    harness.close();

    harness = newHarness();
    harness.initializeState(checkpoint);
    harness.open();
    send(alarm("inv-2", AC_UNDER_VOLT).raisedAt(T0.plusSeconds(20)));
    advanceTo(ONE_MINUTE_LATER);
    assertThat(incidents()).extracting(Incident::incidentId).containsOnly(id);
    assertThat(incidents())
        .last()
        .satisfies(
            i -> {
              assertThat(i.codes()).containsExactly(GROUND_FAULT, GRID_DISCONNECT, DC_OVER_VOLT);
              assertThat(i.evidence()).hasSize(1);
            });

    send(alarm("inv-2", AC_UNDER_VOLT).clearedAt(T0.plusSeconds(90)));
    send(alarm("inv-1", GROUND_FAULT).clearedAt(TWO_MINUTES_LATER));
    send(alarm("inv-1", DC_OVER_VOLT).clearedAt(TWO_MINUTES_LATER));
    send(alarm("inv-1", GRID_DISCONNECT).clearedAt(TWO_MINUTES_LATER));
    advanceTo(MUCH_LATER);
    assertThat(incidents())
        .last()
        .satisfies(
            i -> {
              assertThat(i.status()).isEqualTo(IncidentStatus.CLEARED);
              assertThat(i.incidentId()).isEqualTo(id);
              assertThat(i.suppressed())
                  .extracting(SuppressedSymptom::serial)
                  .containsExactly("inv-2");
            });
    assertNothingLeftButTheMeters();
  }

  private void send(AlarmEvent alarm) throws Exception {
    harness.processElement1(alarm, alarm.deviceTime().toEpochMilli());
  }

  /**
   * Event time moves on to {@code at} while both sites stay live: each reports a reading of its
   * meter at that time (a site's time never passes what it reported itself), then the watermark.
   */
  private void advanceTo(Instant at) throws Exception {
    siteReports(Alarms.SITE_A, at);
    siteReports(Alarms.SITE_B, at);
    harness.processBothWatermarks(new Watermark(at.toEpochMilli()));
  }

  private void siteReports(String site, Instant at) throws Exception {
    harness.processElement2(telemetry("meter-" + site, site, at, 20), at.toEpochMilli());
  }

  /** The rest of the fleet moves event time on; no site of these tests reports anything. */
  private void othersMoveTimeTo(Instant at) throws Exception {
    harness.processBothWatermarks(new Watermark(at.toEpochMilli()));
  }

  /**
   * No device, cause, buffer or event-id state is left: only each site's clock and its meter's
   * readings (still fresh at the site's time), which the end of the input ages out too, leaving no
   * state and no timer, and publishing nothing more.
   */
  private void assertNothingLeftButTheMeters() throws Exception {
    assertThat(harness.numKeyedStateEntries()).isEqualTo(2 * 2);
    int published = incidents().size();
    harness.processBothWatermarks(Watermark.MAX_WATERMARK);
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(incidents()).hasSize(published);
  }

  private List<Incident> incidents() {
    return harness.extractOutputValues();
  }

  private String firstId() {
    return incidents().get(0).incidentId();
  }
}
