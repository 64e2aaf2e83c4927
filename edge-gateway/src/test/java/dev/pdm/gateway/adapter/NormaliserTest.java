package dev.pdm.gateway.adapter;

import static dev.pdm.gateway.fixtures.DeviceFrames.battery;
import static dev.pdm.gateway.fixtures.DeviceFrames.charger;
import static dev.pdm.gateway.fixtures.DeviceFrames.inverter;
import static dev.pdm.gateway.fixtures.DeviceFrames.json;
import static dev.pdm.gateway.fixtures.DeviceFrames.telemetry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.codec.InvalidEventException;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.Metrics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NormaliserTest {

  private final Normaliser normaliser =
      new Normaliser(SiteResolver.fixed("site-7"), AlarmCatalogue.standard());

  @Test
  void telemetryBecomesACanonicalReadingOfTheGatewaysSite() {
    var n =
        normaliser.normalise(
            "devices/inverter/INV-1/telemetry",
            json(telemetry("INV-1", 4, Map.of(Metrics.HEATSINK_TEMP_C, 61.5))),
            s -> null);
    assertThat(n.telemetry().site()).isEqualTo("site-7");
    assertThat(n.telemetry().deviceClass()).isEqualTo(DeviceClass.INVERTER);
    assertThat(n.telemetry().metric(Metrics.HEATSINK_TEMP_C)).isEqualTo(61.5);
    assertThat(n.telemetry().batch()).isNull();
    assertThat(n.nextState()).isNull();
  }

  @Test
  void alarmFramesAreRoutedByTheTopicsDeviceClass() {
    assertThat(
            normaliser
                .normalise("devices/bms/B-1/alarm", json(battery("B-1", 2, 1)), s -> null)
                .alarms())
        .extracting(AlarmEvent::code)
        .containsExactly("sunspec-bat:OVER_TEMP_ALARM");
    assertThat(
            normaliser
                .normalise(
                    "devices/charger/C-1/alarm",
                    json(charger("C-1", 1, "GroundFailure", 1)),
                    s -> null)
                .alarms())
        .extracting(AlarmEvent::code)
        .containsExactly("ocpp16:GroundFailure");
  }

  @Test
  void aRedeliveredFrameThatIsNotNewerThanTheLastOneGivesNoEventAndKeepsTheState() {
    var first =
        normaliser.normalise(
            "devices/inverter/INV-1/alarm", json(inverter("INV-1", 0b1, 5)), s -> null);
    var later =
        normaliser.normalise(
            "devices/inverter/INV-1/alarm",
            json(inverter("INV-1", 0b11, 6)),
            s -> first.nextState());
    // frame 5 again, after the state of frame 6 was recorded: diffing it would invent a CLEARED
    var redelivered =
        normaliser.normalise(
            "devices/inverter/INV-1/alarm",
            json(inverter("INV-1", 0b1, 5)),
            s -> later.nextState());
    assertThat(redelivered.stale()).isTrue();
    assertThat(redelivered.alarms()).isEmpty();
    assertThat(redelivered.nextState()).isNull();
    var chargerState =
        normaliser
            .normalise(
                "devices/charger/C-1/alarm", json(charger("C-1", 1, "GroundFailure", 9)), s -> null)
            .nextState();
    assertThat(
            normaliser
                .normalise(
                    "devices/charger/C-1/alarm",
                    json(charger("C-1", 1, "NoError", 8)),
                    s -> chargerState)
                .alarms())
        .isEmpty();
  }

  @Test
  void aPayloadSerialDifferentFromTheTopicIsRejected() {
    assertThatThrownBy(
            () ->
                normaliser.normalise(
                    "devices/inverter/INV-2/alarm", json(inverter("INV-1", 1, 1)), s -> null))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("sn")
        .hasMessageContaining("INV-2");
  }

  @Test
  void aBatteryFrameOnAnInverterTopicIsRejected() {
    assertThatThrownBy(
            () ->
                normaliser.normalise(
                    "devices/inverter/B-1/alarm", json(battery("B-1", 1, 1)), s -> null))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("sunspecModel");
  }

  @Test
  void malformedPayloadsAndTopicsAreRejectedWithAReason() {
    assertThatThrownBy(
            () -> normaliser.normalise("devices/inverter/I/alarm", bytes("{nope"), s -> null))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(
            () ->
                normaliser.normalise(
                    "devices/toaster/I/alarm", json(inverter("I", 1, 1)), s -> null))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("toaster");
    assertThatThrownBy(
            () ->
                normaliser.normalise(
                    "devices/inverter/I/alarm",
                    bytes(
                        "{\"sn\":\"I\",\"sunspecModel\":101,\"model\":\"m\",\"fw\":\"f\",\"seq\":1,\"ts\":1}"),
                    s -> null))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("Evt1");
  }

  @Test
  void inAllSitesModeTheSiteComesFromTheRegistryAndUnknownSerialsAreRejected() {
    Normaliser allSites =
        new Normaliser(
            serial -> serial.equals("INV-1") ? Optional.of("site-42") : Optional.empty(),
            AlarmCatalogue.standard());
    assertThat(
            allSites
                .normalise("devices/inverter/INV-1/alarm", json(inverter("INV-1", 1, 1)), s -> null)
                .site())
        .isEqualTo("site-42");
    assertThatThrownBy(
            () ->
                allSites.normalise(
                    "devices/inverter/INV-9/alarm", json(inverter("INV-9", 1, 1)), s -> null))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("not in the device registry");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
