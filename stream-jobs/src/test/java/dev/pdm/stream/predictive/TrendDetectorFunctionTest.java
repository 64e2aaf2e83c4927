package dev.pdm.stream.predictive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.Metrics;
import dev.pdm.model.event.TelemetryReading;
import dev.pdm.model.incident.Incident;
import dev.pdm.model.incident.IncidentKind;
import dev.pdm.model.incident.IncidentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrendDetectorFunctionTest {

  private static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");
  private static final double OVER_TEMP_C = 85.0;
  private static final double DAY_MINUTES = 24 * 60;

  private KeyedOneInputStreamOperatorTestHarness<String, TelemetryReading, Incident> harness;
  private long seq;

  @BeforeEach
  void start() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new TrendDetectorFunction(PredictiveConfig.defaults()),
            TelemetryReading::serial,
            Types.STRING);
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void slowHeatsinkRiseTriggersBeforeTheOverTempAlarmWould() throws Exception {
    Random random = new Random(42);
    // Flat for two days, then the heat sink runs 2.5 K hotter at equal load every day.
    Instant overTemp = runInverter(random, 12, day -> 2.5 * Math.max(0, day - 2));

    assertThat(overTemp).as("the simulated device does reach OVER_TEMP").isNotNull();
    List<Incident> incidents = harness.extractOutputValues();
    assertThat(incidents).isNotEmpty();
    Incident first = incidents.get(0);
    assertThat(first.kind()).isEqualTo(IncidentKind.PREDICTIVE);
    assertThat(first.primaryCode()).isEqualTo("pdm-predict:HEATSINK_TEMP_RISE");
    assertThat(first.status()).isEqualTo(IncidentStatus.ACTIVE);
    assertThat(first.firstSeen()).isBefore(overTemp.minus(Duration.ofDays(2)));
    assertThat(first.firstSeen()).isAfter(T0.plus(Duration.ofDays(2)));
    assertThat(first.evidence()).isNotEmpty();
    assertThat(first.reason()).contains("K/day at equal operating point").contains("alarm level");
    assertThat(incidents)
        .as("one incident while the trend lasts")
        .extracting(Incident::incidentId)
        .containsOnly(first.incidentId());
  }

  @Test
  void noiseAloneDoesNotTrigger() throws Exception {
    for (long s = 1; s <= 3; s++) {
      Random random = new Random(s);
      runInverter(random, 10, day -> 0);
    }
    assertThat(harness.extractOutputValues()).isEmpty();
  }

  @Test
  void theIncidentClearsOnceTheTrendFlattensPastTheHysteresis() throws Exception {
    Random random = new Random(7);
    runInverter(random, 12, day -> 1.5 * Math.min(Math.max(0, day - 2), 4));

    List<Incident> incidents = harness.extractOutputValues();
    assertThat(incidents)
        .extracting(Incident::status)
        .containsExactly(IncidentStatus.ACTIVE, IncidentStatus.CLEARED);
    assertThat(incidents.get(1).incidentId()).isEqualTo(incidents.get(0).incidentId());
    assertThat(incidents.get(1).version()).isEqualTo(2);
  }

  @Test
  void growingCellVoltageSpreadTriggersOnBatteries() throws Exception {
    Random random = new Random(3);
    for (int minute = 0; minute < 4 * DAY_MINUTES; minute += 2) {
      double day = minute / DAY_MINUTES;
      double spread = 20 + 25 * Math.max(0, day - 1) + random.nextGaussian() * 3;
      send("bms-1", DeviceClass.BMS, minute, Map.of(Metrics.CELL_VOLTAGE_SPREAD_MV, spread));
    }
    assertThat(harness.extractOutputValues())
        .extracting(Incident::primaryCode)
        .containsExactly("pdm-predict:CELL_VOLTAGE_SPREAD");
  }

  @Test
  void decliningInsulationTriggersOnInverters() throws Exception {
    Random random = new Random(5);
    for (int minute = 0; minute < 4 * DAY_MINUTES; minute += 2) {
      double day = minute / DAY_MINUTES;
      double kohm = 3000 - 400 * Math.max(0, day - 1) + random.nextGaussian() * 40;
      send("inv-2", DeviceClass.INVERTER, minute, Map.of(Metrics.INSULATION_RESISTANCE_KOHM, kohm));
    }
    assertThat(harness.extractOutputValues())
        .extracting(Incident::primaryCode)
        .containsExactly("pdm-predict:INSULATION_DECLINE");
  }

  @Test
  void aDailyDewDipInInsulationIsNotADecline() throws Exception {
    // Simulator-shaped: a level with hour-to-hour noise and a dip of 350 kOhm with the morning dew
    // (04:00-08:00 local, UTC+8), which ends the first day of data in a trough.
    for (int device = 0; device < 10; device++) {
      Random random = new Random(100 + device);
      double noise = 0;
      for (int minute = 0; minute < 5 * DAY_MINUTES; minute += 15) {
        if (minute % 60 == 0) {
          noise = 300 * (2 * random.nextDouble() - 1);
        }
        double localHour = ((minute / 60.0) + 8) % 24;
        double dew = localHour >= 4 && localHour < 8 ? 350 : 0;
        send(
            "inv-dew-" + device,
            DeviceClass.INVERTER,
            minute,
            Map.of(Metrics.INSULATION_RESISTANCE_KOHM, 2200 + noise - dew));
      }
    }
    assertThat(harness.extractOutputValues()).isEmpty();
  }

  @Test
  void connectorHeatingAtEqualCurrentTriggersOnChargersButNotIdleConnectors() throws Exception {
    Random random = new Random(11);
    for (int minute = 0; minute < 4 * DAY_MINUTES; minute += 2) {
      double day = minute / DAY_MINUTES;
      boolean session = (minute / 60) % 2 == 0;
      double current = session ? 16 + random.nextInt(17) : 0;
      double rise = (15 + 6 * Math.max(0, day - 1)) * (current / 32) * (current / 32);
      double temp = 25 + rise + random.nextGaussian() * 0.5;
      send(
          "chg-1",
          DeviceClass.CHARGER,
          minute,
          Map.of(
              Metrics.CHARGE_CURRENT_A,
              current,
              Metrics.CONNECTOR_TEMP_C,
              temp,
              Metrics.AMBIENT_TEMP_C,
              25.0));
    }
    assertThat(harness.extractOutputValues())
        .extracting(Incident::primaryCode)
        .containsExactly("pdm-predict:CONNECTOR_TEMP_RISE");
  }

  @Test
  void aWarmSpellIsNotConnectorWearWhenTheSiteReportsItsAmbient() throws Exception {
    // Simulator-shaped chargers without an ambient sensor of their own, at a site whose inverters
    // report it: the air warms 2.5 K a day for four days on top of its daily swing; the connectors
    // are healthy. Assuming a fixed 25 degC ambient read this as connector heating.
    for (int device = 0; device < 10; device++) {
      runCharger("chg-warm-" + device, new Random(200 + device), 8, day -> 0);
    }
    assertThat(harness.extractOutputValues()).isEmpty();
  }

  @Test
  void connectorWearShowsThroughAWarmSpell() throws Exception {
    runCharger("chg-worn", new Random(300), 8, day -> 3 * Math.max(0, day - 3));

    assertThat(harness.extractOutputValues())
        .extracting(Incident::primaryCode)
        .containsExactly("pdm-predict:CONNECTOR_TEMP_RISE");
  }

  /**
   * Five-minute samples of a charger shaped like the simulators' physics: sessions start in an hour
   * with probability 0.4 and last 20-120 minutes at 24-32 A; the connector settles towards ambient
   * + 2 K + 32 K at 32 A (plus wear, in kelvin at 32 A) with a 7-minute lag; ambient swings 5 K a
   * day, steps with the day's weather and warms 2.5 K a day over the first four days. The charger
   * reports no ambient; the site's rides along as {@link SiteAmbientFunction} adds it.
   */
  private void runCharger(String serial, Random random, int days, DoubleUnaryOperator wearKelvin)
      throws Exception {
    int step = 5;
    double settle = 1 - Math.exp(-step * 60.0 / 420);
    double connector = Double.NaN;
    double weather = 0;
    int sessionEnd = -1;
    double sessionCurrent = 0;
    int nextSessionStart = -1;
    for (int minute = 0; minute < days * DAY_MINUTES; minute += step) {
      double day = minute / DAY_MINUTES;
      double hour = (minute % DAY_MINUTES) / 60.0;
      if (minute % (int) DAY_MINUTES == 0) {
        weather = 4 * (random.nextDouble() - 0.5);
      }
      if (minute % 60 == 0 && minute > sessionEnd && random.nextDouble() < 0.4) {
        nextSessionStart = minute + 5 * random.nextInt(8);
        sessionEnd = nextSessionStart + 20 + 5 * random.nextInt(21);
        sessionCurrent = 24 + 8 * random.nextDouble();
      }
      double current = minute >= nextSessionStart && minute < sessionEnd ? sessionCurrent : 0;
      double share = current / 32;
      double ambient =
          18 + 5 * Math.sin(2 * Math.PI * (hour - 9) / 24) + weather + 2.5 * Math.min(day, 4);
      double target = ambient + 2 + (32 + wearKelvin.applyAsDouble(day)) * share * share;
      connector = Double.isNaN(connector) ? target : connector + (target - connector) * settle;
      send(
          serial,
          DeviceClass.CHARGER,
          minute,
          Map.of(
              Metrics.CHARGE_CURRENT_A,
              Math.round(current * 100) / 100.0,
              Metrics.CONNECTOR_TEMP_C,
              Math.round(connector * 100) / 100.0,
              SiteAmbientFunction.SITE_AMBIENT_TEMP_C,
              Math.round(ambient * 100) / 100.0));
    }
  }

  @Test
  void aChargerWithNoAmbientAtAllIsNotJudged() throws Exception {
    for (int minute = 0; minute < 4 * DAY_MINUTES; minute += 2) {
      double day = minute / DAY_MINUTES;
      send(
          "chg-blind",
          DeviceClass.CHARGER,
          minute,
          Map.of(Metrics.CHARGE_CURRENT_A, 32.0, Metrics.CONNECTOR_TEMP_C, 40 + 10 * day));
    }
    assertThat(harness.extractOutputValues()).isEmpty();
  }

  @Test
  void stateAndTimersOfASilentDeviceAreDropped() throws Exception {
    runInverter(new Random(1), 1, day -> 0);
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);

    harness.processWatermark(new Watermark(T0.plus(Duration.ofDays(10)).toEpochMilli()));

    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  /**
   * Minute samples of an inverter shaped like the simulators' physics: load follows the sun, the
   * heat sink settles towards ambient + 3 K + 38 K at full load + drift with a 15-minute lag.
   * Returns when its heat sink first reached OVER_TEMP, or null.
   */
  private Instant runInverter(Random random, int days, DoubleUnaryOperator driftKelvin)
      throws Exception {
    Instant overTemp = null;
    double heat = Double.NaN;
    double settle = 1 - Math.exp(-60.0 / 900);
    for (int minute = 0; minute < days * DAY_MINUTES; minute++) {
      double day = minute / DAY_MINUTES;
      double hour = (minute % DAY_MINUTES) / 60.0;
      double sun = Math.max(0, Math.sin(Math.PI * (hour - 6) / 12));
      double load = 100 * sun * (0.85 + 0.15 * random.nextDouble());
      double ambient =
          22 + 8 * Math.sin(2 * Math.PI * (hour - 9) / 24) + random.nextGaussian() * 0.3;
      double target = ambient + 3 + 38 * load / 100 + driftKelvin.applyAsDouble(day);
      heat = Double.isNaN(heat) ? target : heat + (target - heat) * settle;
      double heatsink = heat + random.nextGaussian() * 0.5;
      if (overTemp == null && heatsink >= OVER_TEMP_C) {
        overTemp = T0.plus(Duration.ofMinutes(minute));
      }
      send(
          "inv-1",
          DeviceClass.INVERTER,
          minute,
          Map.of(
              Metrics.AMBIENT_TEMP_C, ambient,
              Metrics.LOAD_PCT, load,
              Metrics.HEATSINK_TEMP_C, heatsink));
    }
    return overTemp;
  }

  private void send(String serial, DeviceClass deviceClass, int minute, Map<String, Double> metrics)
      throws Exception {
    Instant at = T0.plus(Duration.ofMinutes(minute));
    TelemetryReading reading =
        TelemetryReading.of(
            serial, deviceClass, "M-1", "1.0.0", at, ++seq, "site-a", "B1", metrics);
    harness.processElement(reading, at.toEpochMilli());
  }
}
