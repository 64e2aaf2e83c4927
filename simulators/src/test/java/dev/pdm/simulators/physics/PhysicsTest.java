package dev.pdm.simulators.physics;

import static dev.pdm.simulators.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.Metrics;
import dev.pdm.model.topic.Topics;
import dev.pdm.model.vendor.DeviceTelemetryFrame;
import dev.pdm.model.vendor.VendorCodec;
import dev.pdm.simulators.Fixtures;
import dev.pdm.simulators.Simulation;
import dev.pdm.simulators.fleet.SimDevice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhysicsTest {

  @TempDir static Path dir;

  static Simulation simulation;
  static Map<String, List<DeviceTelemetryFrame>> bySerial;

  @BeforeAll
  static void threeQuietDays() {
    simulation =
        Simulation.plan(
            Fixtures.smallFleet("quiet-month", dir)
                .simDuration(Duration.ofDays(3))
                .telemetryPeriod(Duration.ofMinutes(5))
                .build(),
            T0);
    bySerial =
        Fixtures.generateAll(simulation).stream()
            .filter(m -> m.kind() == Topics.Kind.TELEMETRY)
            .map(m -> VendorCodec.decodeTelemetry(m.payload()))
            .collect(Collectors.groupingBy(DeviceTelemetryFrame::sn));
  }

  static List<DeviceTelemetryFrame> readings(DeviceClass c) {
    return simulation.fleet().of(c).stream()
        .flatMap(d -> bySerial.get(d.serial()).stream())
        .toList();
  }

  @Test
  void pvOutputIsZeroAtNightAndPositiveAroundNoon() {
    Environment env = new Environment(simulation.config().seed());
    int night = 0;
    int producingNoons = 0;
    for (SimDevice d : simulation.fleet().of(DeviceClass.INVERTER)) {
      for (DeviceTelemetryFrame f : bySerial.get(d.serial())) {
        double hour = Environment.solarHour(d.site(), f.ts());
        if (hour < 4 || hour > 21) {
          night++;
          assertThat(f.values().get(Metrics.PV_POWER_W)).isZero();
          assertThat(f.values().get(Metrics.AC_POWER_W)).isZero();
        }
        if (hour > 11.5 && hour < 12.5 && f.values().get(Metrics.PV_POWER_W) > 0) {
          producingNoons++;
        }
      }
      assertThat(env.clearSky(d.site(), T0.toEpochMilli())).isZero();
    }
    assertThat(night).isGreaterThan(1000);
    assertThat(producingNoons).isGreaterThan(100);
  }

  @Test
  void heatSinkRunsAboveAmbientUnderLoad() {
    List<DeviceTelemetryFrame> loaded =
        readings(DeviceClass.INVERTER).stream()
            .filter(f -> f.values().get(Metrics.LOAD_PCT) > 40)
            .toList();
    assertThat(loaded).hasSizeGreaterThan(100);
    assertThat(loaded)
        .allSatisfy(
            f ->
                assertThat(f.values().get(Metrics.HEATSINK_TEMP_C))
                    .isGreaterThan(f.values().get(Metrics.AMBIENT_TEMP_C) + 5));
  }

  @Test
  void stateOfChargeStaysWithinBoundsAndCyclesEveryDay() {
    for (SimDevice d : simulation.fleet().of(DeviceClass.BMS)) {
      List<Double> soc =
          bySerial.get(d.serial()).stream().map(f -> f.values().get(Metrics.SOC_PCT)).toList();
      assertThat(soc).allSatisfy(v -> assertThat(v).isBetween(0.0, 100.0));
      double swing =
          soc.stream().mapToDouble(Double::doubleValue).max().getAsDouble()
              - soc.stream().mapToDouble(Double::doubleValue).min().getAsDouble();
      assertThat(swing).as(d.serial()).isGreaterThan(40);
    }
  }

  @Test
  void cellVoltageSpreadIsPositiveAndMatchesMaxMinusMin() {
    assertThat(readings(DeviceClass.BMS))
        .allSatisfy(
            f -> {
              double spread = f.values().get(Metrics.CELL_VOLTAGE_SPREAD_MV);
              assertThat(spread).isPositive();
              double max = f.values().get(Metrics.CELL_VOLTAGE_MAX_V);
              double min = f.values().get(Metrics.CELL_VOLTAGE_MIN_V);
              assertThat((max - min) * 1000)
                  .isCloseTo(spread, org.assertj.core.data.Offset.offset(0.3));
              assertThat(f.values().get(Metrics.CELL_TEMP_MAX_C))
                  .isGreaterThan(f.values().get(Metrics.CELL_TEMP_MIN_C));
            });
  }

  @Test
  void chargerConnectorsWarmDuringSessions() {
    List<DeviceTelemetryFrame> all = readings(DeviceClass.CHARGER);
    double charging =
        all.stream()
            .filter(f -> f.values().get(Metrics.SESSION_ACTIVE) == 1.0)
            .mapToDouble(f -> f.values().get(Metrics.CONNECTOR_TEMP_C))
            .average()
            .orElseThrow();
    double idle =
        all.stream()
            .filter(f -> f.values().get(Metrics.SESSION_ACTIVE) == 0.0)
            .mapToDouble(f -> f.values().get(Metrics.CONNECTOR_TEMP_C))
            .average()
            .orElseThrow();
    assertThat(charging).isGreaterThan(idle + 5);
    assertThat(all)
        .filteredOn(f -> f.values().get(Metrics.SESSION_ACTIVE) == 0.0)
        .allSatisfy(f -> assertThat(f.values().get(Metrics.CHARGE_CURRENT_A)).isZero());
  }

  @Test
  void energyMetersOnlyCountUp() {
    for (SimDevice d : simulation.fleet().of(DeviceClass.CHARGER)) {
      double last = -1;
      for (DeviceTelemetryFrame f : bySerial.get(d.serial())) {
        assertThat(f.values().get(Metrics.ENERGY_KWH)).isGreaterThanOrEqualTo(last);
        last = f.values().get(Metrics.ENERGY_KWH);
      }
    }
  }
}
