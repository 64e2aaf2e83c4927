package dev.pdm.gateway.adapter;

import static dev.pdm.gateway.fixtures.DeviceFrames.T0;
import static dev.pdm.gateway.fixtures.DeviceFrames.battery;
import static dev.pdm.gateway.fixtures.DeviceFrames.inverter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.pdm.gateway.state.DeviceAlarmState;
import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.catalogue.AlarmCode;
import dev.pdm.model.catalogue.AlarmStandard;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.AlarmState;
import dev.pdm.model.event.EventIds;
import dev.pdm.model.vendor.SunSpecEventFrame;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SunSpecAdapterTest {

  private static final AlarmCatalogue CATALOGUE = AlarmCatalogue.standard();
  private final SunSpecAdapter adapter = new SunSpecAdapter(CATALOGUE);

  static Stream<AlarmCode> inverterBits() {
    return CATALOGUE.of(AlarmStandard.SUNSPEC_INVERTER).stream();
  }

  static Stream<AlarmCode> batteryBits() {
    return CATALOGUE.of(AlarmStandard.SUNSPEC_BATTERY).stream();
  }

  @ParameterizedTest
  @MethodSource("inverterBits")
  void everyInverterBitRaisesAndClearsItsCatalogueCode(AlarmCode code) {
    var quiet = new DeviceAlarmState.SunSpec(0);
    var raised = adapter.map(inverter("INV-1", 1L << code.bit(), 7), quiet, "site-1");
    assertThat(raised.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.code()).isEqualTo(code.code());
              assertThat(e.state()).isEqualTo(AlarmState.RAISED);
              assertThat(e.severity()).isEqualTo(code.defaultSeverity());
              assertThat(e.deviceClass()).isEqualTo(DeviceClass.INVERTER);
              assertThat(e.site()).isEqualTo("site-1");
              assertThat(e.batch()).isNull();
              assertThat(e.seq()).isEqualTo(7);
              assertThat(e.eventId())
                  .isEqualTo(EventIds.alarmEventId("INV-1", code.code(), e.deviceTime(), 7));
            });
    var cleared = adapter.map(inverter("INV-1", 0, 8), raised.next(), "site-1");
    assertThat(cleared.events())
        .extracting(AlarmEvent::code, AlarmEvent::state)
        .containsExactly(tuple(code.code(), AlarmState.CLEARED));
  }

  @ParameterizedTest
  @MethodSource("batteryBits")
  void everyBatteryBitRaisesAndClearsItsCatalogueCode(AlarmCode code) {
    var raised = adapter.map(battery("BMS-1", 1L << code.bit(), 1), null, "site-1");
    assertThat(raised.events())
        .extracting(
            AlarmEvent::code, AlarmEvent::state, AlarmEvent::severity, AlarmEvent::deviceClass)
        .containsExactly(
            tuple(code.code(), AlarmState.RAISED, code.defaultSeverity(), DeviceClass.BMS));
    var cleared = adapter.map(battery("BMS-1", 0, 2), raised.next(), "site-1");
    assertThat(cleared.events())
        .extracting(AlarmEvent::code, AlarmEvent::state)
        .containsExactly(tuple(code.code(), AlarmState.CLEARED));
  }

  @Test
  void aFrameChangingSeveralBitsGivesOneEdgePerChangedBitLowestFirst() {
    long before = bit(0) | bit(4);
    long after = bit(4) | bit(7) | bit(11);
    var m = adapter.map(inverter("INV-1", after, 3), new DeviceAlarmState.SunSpec(before), "s");
    assertThat(m.events())
        .extracting(AlarmEvent::code, AlarmEvent::state)
        .containsExactly(
            tuple("sunspec-inv:GROUND_FAULT", AlarmState.CLEARED),
            tuple("sunspec-inv:OVER_TEMP", AlarmState.RAISED),
            tuple("sunspec-inv:AC_UNDER_VOLT", AlarmState.RAISED));
    assertThat(m.events()).extracting(AlarmEvent::eventId).doesNotHaveDuplicates();
    assertThat(m.next().evt1()).isEqualTo(after);
  }

  @Test
  void theFirstFrameFromADeviceRaisesEverySetBit() {
    var m = adapter.map(inverter("INV-1", bit(1) | bit(12), 1), null, "s");
    assertThat(m.events())
        .extracting(AlarmEvent::code, AlarmEvent::state)
        .containsExactly(
            tuple("sunspec-inv:DC_OVER_VOLT", AlarmState.RAISED),
            tuple("sunspec-inv:BLOWN_STRING_FUSE", AlarmState.RAISED));
  }

  @Test
  void aFrameRepeatingTheKnownStateGivesNoEvent() {
    var m = adapter.map(inverter("INV-1", bit(3), 9), new DeviceAlarmState.SunSpec(bit(3)), "s");
    assertThat(m.events()).isEmpty();
  }

  @Test
  void undefinedBitsAreCountedNotForwarded() {
    var m = adapter.map(inverter("INV-1", bit(20) | bit(0), 1), null, "s");
    assertThat(m.events()).extracting(AlarmEvent::code).containsExactly("sunspec-inv:GROUND_FAULT");
    assertThat(m.undefinedBits()).isEqualTo(1);
  }

  @Test
  void theVendorBitfieldTravelsAsHex() {
    var frame =
        new SunSpecEventFrame("INV-1", 103, "SG", "1.0", bit(0), 0x2AL, 1, T0.toEpochMilli());
    assertThat(adapter.map(frame, null, "s").events())
        .extracting(AlarmEvent::vendorCode)
        .containsExactly("0x0000002A");
  }

  private static long bit(int b) {
    return 1L << b;
  }
}
