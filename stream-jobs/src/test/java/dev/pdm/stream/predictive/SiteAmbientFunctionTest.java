package dev.pdm.stream.predictive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.Metrics;
import dev.pdm.model.event.TelemetryReading;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SiteAmbientFunctionTest {

  private static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");
  private static final Instant TEN_MINUTES_LATER = T0.plus(Duration.ofMinutes(10));
  private static final Instant TWO_HOURS_LATER = T0.plus(Duration.ofHours(2));

  private KeyedOneInputStreamOperatorTestHarness<String, TelemetryReading, TelemetryReading>
      harness;
  private long seq;

  @BeforeEach
  void start() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new SiteAmbientFunction(Duration.ofDays(1)), TelemetryReading::site, Types.STRING);
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void aChargerGetsTheAmbientItsSitesInverterReported() throws Exception {
    TelemetryReading inverter =
        reading("inv-1", DeviceClass.INVERTER, "site-a", T0, Map.of(Metrics.AMBIENT_TEMP_C, 21.5));
    harness.processElement(inverter, T0.toEpochMilli());
    harness.processElement(charger("chg-1", "site-a", TEN_MINUTES_LATER), 0);

    assertThat(harness.extractOutputValues()).hasSize(2);
    assertThat(harness.extractOutputValues().get(0)).isEqualTo(inverter);
    TelemetryReading charger = harness.extractOutputValues().get(1);
    assertThat(charger.metric(SiteAmbientFunction.SITE_AMBIENT_TEMP_C)).isEqualTo(21.5);
    assertThat(charger.metric(Metrics.CONNECTOR_TEMP_C)).isEqualTo(40.0);
    assertThat(charger.eventId())
        .isEqualTo(charger("chg-1", "site-a", TEN_MINUTES_LATER).eventId());
  }

  @Test
  void anotherSitesOrAnHoursOldAmbientIsNotUsed() throws Exception {
    harness.processElement(
        reading("inv-1", DeviceClass.INVERTER, "site-a", T0, Map.of(Metrics.AMBIENT_TEMP_C, 21.5)),
        0);
    harness.processElement(charger("chg-2", "site-b", TEN_MINUTES_LATER), 0);
    harness.processElement(charger("chg-1", "site-a", TWO_HOURS_LATER), 0);

    assertThat(harness.extractOutputValues().subList(1, 3))
        .extracting(r -> r.metric(SiteAmbientFunction.SITE_AMBIENT_TEMP_C))
        .allSatisfy(v -> assertThat(v).isNaN());
  }

  private TelemetryReading charger(String serial, String site, Instant at) {
    return reading(
        serial,
        DeviceClass.CHARGER,
        site,
        at,
        Map.of(Metrics.CHARGE_CURRENT_A, 32.0, Metrics.CONNECTOR_TEMP_C, 40.0));
  }

  private TelemetryReading reading(
      String serial, DeviceClass c, String site, Instant at, Map<String, Double> metrics) {
    return TelemetryReading.of(
        serial, c, "M-1", "1.0.0", at, serial.hashCode() & 0xffff, site, "B1", metrics);
  }
}
