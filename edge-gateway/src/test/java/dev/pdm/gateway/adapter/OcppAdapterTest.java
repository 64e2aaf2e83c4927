package dev.pdm.gateway.adapter;

import static dev.pdm.gateway.fixtures.DeviceFrames.charger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.pdm.gateway.state.DeviceAlarmState;
import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.AlarmState;
import dev.pdm.model.vendor.OcppStatusNotification;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OcppAdapterTest {

  private static final AlarmCatalogue CATALOGUE = AlarmCatalogue.standard();
  private final OcppAdapter adapter = new OcppAdapter(CATALOGUE);

  static Stream<String> errorCodes() {
    return OcppStatusNotification.ERROR_CODES.stream().filter(c -> !c.equals("NoError"));
  }

  @ParameterizedTest
  @MethodSource("errorCodes")
  void everyErrorCodeRaisesItsNamespacedCodeAndNoErrorClearsIt(String errorCode) {
    var raised = adapter.map(charger("CHG-1", 1, errorCode, "V-17", 5), null, "site-1");
    String code = "ocpp16:" + errorCode;
    assertThat(raised.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.state()).isEqualTo(AlarmState.RAISED);
              assertThat(e.severity()).isEqualTo(CATALOGUE.get(code).defaultSeverity());
              assertThat(e.deviceClass()).isEqualTo(DeviceClass.CHARGER);
              assertThat(e.vendorCode()).isEqualTo("V-17");
              assertThat(e.site()).isEqualTo("site-1");
            });
    var cleared = adapter.map(charger("CHG-1", 1, "NoError", 6), raised.next(), "site-1");
    assertThat(cleared.events())
        .extracting(AlarmEvent::code, AlarmEvent::state)
        .containsExactly(tuple(code, AlarmState.CLEARED));
    assertThat(cleared.next().activeByConnector()).isEmpty();
  }

  @Test
  void noErrorWithNothingActiveGivesNoEvent() {
    assertThat(adapter.map(charger("CHG-1", 1, "NoError", 1), null, "s").events()).isEmpty();
  }

  @Test
  void repeatingTheActiveCodeGivesNoEvent() {
    var state = DeviceAlarmState.Ocpp.of(java.util.Map.of(1, "GroundFailure"));
    assertThat(adapter.map(charger("CHG-1", 1, "GroundFailure", 2), state, "s").events()).isEmpty();
  }

  @Test
  void aNewCodeOnAConnectorClearsItsPreviousCodeAndRaisesTheNewOne() {
    var state = DeviceAlarmState.Ocpp.of(java.util.Map.of(1, "HighTemperature"));
    var m = adapter.map(charger("CHG-1", 1, "OverCurrentFailure", 3), state, "s");
    assertThat(m.events())
        .extracting(AlarmEvent::code, AlarmEvent::state)
        .containsExactly(
            tuple("ocpp16:HighTemperature", AlarmState.CLEARED),
            tuple("ocpp16:OverCurrentFailure", AlarmState.RAISED));
  }

  @Test
  void aCodeOnTwoConnectorsIsRaisedOnceAndClearedWhenTheLastConnectorClears() {
    var first = adapter.map(charger("CHG-1", 1, "GroundFailure", 1), null, "s");
    var second = adapter.map(charger("CHG-1", 2, "GroundFailure", 2), first.next(), "s");
    var oneClears = adapter.map(charger("CHG-1", 1, "NoError", 3), second.next(), "s");
    var lastClears = adapter.map(charger("CHG-1", 2, "NoError", 4), oneClears.next(), "s");
    assertThat(first.events()).extracting(AlarmEvent::state).containsExactly(AlarmState.RAISED);
    assertThat(second.events()).isEmpty();
    assertThat(oneClears.events()).isEmpty();
    assertThat(lastClears.events())
        .extracting(AlarmEvent::code, AlarmEvent::state)
        .containsExactly(tuple("ocpp16:GroundFailure", AlarmState.CLEARED));
  }

  @Test
  void connectorsAreIndependent() {
    var a = adapter.map(charger("CHG-1", 1, "WeakSignal", 1), null, "s");
    var b = adapter.map(charger("CHG-1", 2, "ReaderFailure", 2), a.next(), "s");
    var c = adapter.map(charger("CHG-1", 1, "NoError", 3), b.next(), "s");
    assertThat(c.events())
        .extracting(AlarmEvent::code, AlarmEvent::state)
        .containsExactly(tuple("ocpp16:WeakSignal", AlarmState.CLEARED));
    assertThat(c.next().activeByConnector()).containsOnlyKeys(2);
  }
}
